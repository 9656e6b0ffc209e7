// Near-valid payloads: a valid input of a method with one place mutated (a wrong type, a key left
// out, an extra key, a huge string, a number out of range or not a number, odd unicode, deep
// nesting, prototype keys), or the valid input itself.
import fc from 'fast-check';

export const MUTATIONS = [
  'valid',
  'wrong-type',
  'missing',
  'extra-key',
  'huge-string',
  'bad-number',
  'unicode',
  'deep',
  'prototype',
] as const;
export type Mutation = (typeof MUTATIONS)[number];

export interface Payload {
  method: string;
  mutation: Mutation;
  /** The path of the mutated place ('' for the input itself). */
  at: string;
  input: unknown;
}

const OTHER_TYPES: unknown[] = [0, -1, 1.5, '', 'x', true, false, null, [], {}, [1, 'a'], { a: 1 }];
const BAD_NUMBERS = [-1, -0, NaN, Infinity, -Infinity, 1e308, 2 ** 53 + 2, -(2 ** 31), 0.5, 1e-300, 4294967296];
const ODD_STRINGS = [
  '\u0000',
  '\ud800',
  '\udfff\ud800x',
  '\u202eevil\u202c',
  'e\u0301\u0301\u0301\u0301',
  '🙂👩‍👩‍👧‍👦🏳️‍🌈',
  '\ufeff',
  'a\u2028b\u2029c',
  '../../../../../etc/passwd',
  'CON',
  'a\r\nb\rc',
  '%00%2e%2e',
  '${constructor}',
  '<script>alert(1)</script>',
  ' ',
  'ﬁ\u0130\u0131ß',
];
const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'extra', '', ' ', 'id\u0000'];
const HUGE = ['x'.repeat(300_000), 'é'.repeat(100_000), '\n'.repeat(100_000)];

type Path = (string | number)[];

/** Every place in a JSON-like value, the value itself first. */
function places(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => places(v, [...path, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) places(v, [...path, k], out);
  return out;
}

function deep(depth: number, objects: boolean): unknown {
  let v: unknown = objects ? { a: 1 } : [1];
  for (let i = 0; i < depth; i++) v = objects ? { a: v } : [v];
  return v;
}

/** Sets an own property, also for '__proto__' (as JSON.parse would). */
function define(obj: object, key: string | number, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function apply(valid: unknown, mutation: Mutation, place: number, pick: number): { at: string; input: unknown } {
  const input: unknown = structuredClone(valid);
  const all = places(input);
  const path = all[place % all.length]!;
  const at = path.join('.');
  const current = path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], input);
  const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], input) as Record<
    string | number,
    unknown
  >;
  const key = path[path.length - 1];
  const set = (value: unknown) => {
    if (key === undefined) return value;
    define(parent, key, value);
    return input;
  };
  const choose = <T>(list: readonly T[]) => list[pick % list.length]!;
  const objectAt = (): Record<string, unknown> | null =>
    current && typeof current === 'object' && !Array.isArray(current)
      ? (current as Record<string, unknown>)
      : input && typeof input === 'object' && !Array.isArray(input)
        ? (input as Record<string, unknown>)
        : null;
  switch (mutation) {
    case 'valid':
      return { at: '', input };
    case 'wrong-type': {
      const others = OTHER_TYPES.filter(
        (v) => typeof v !== typeof current || Array.isArray(v) !== Array.isArray(current) || (v === null) !== (current === null),
      );
      return { at, input: set(choose(others)) };
    }
    case 'missing':
      if (key === undefined) return { at, input: choose([undefined, null, {}]) };
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      return { at, input };
    case 'extra-key': {
      const obj = objectAt();
      if (!obj) return { at, input: set({ extra: 1 }) };
      define(obj, choose(EXTRA_KEYS), choose(OTHER_TYPES));
      return { at, input };
    }
    case 'huge-string':
      return { at, input: set(choose(HUGE)) };
    case 'bad-number':
      return { at, input: set(choose(BAD_NUMBERS)) };
    case 'unicode':
      return { at, input: set(typeof current === 'string' && pick % 2 ? `${current}${choose(ODD_STRINGS)}` : choose(ODD_STRINGS)) };
    case 'deep':
      return { at, input: set(deep(choose([64, 1000, 3000]), pick % 2 === 0)) };
    case 'prototype': {
      const obj = objectAt();
      const target = obj ?? {};
      define(target, '__proto__', { polluted: true, isAdmin: true });
      define(target, 'constructor', { prototype: { polluted: true } });
      return { at, input: obj ? input : set(target) };
    }
  }
}

/** Near-valid payloads of one method from its valid inputs. */
export function nearValid(method: string, valid: fc.Arbitrary<unknown>): fc.Arbitrary<Payload> {
  return fc
    .tuple(valid, fc.constantFrom(...MUTATIONS), fc.nat(), fc.nat())
    .map(([v, mutation, place, pick]) => ({ method, mutation, ...apply(v, mutation, place, pick) }));
}
