// Valid inputs of a contract method, derived from its zod input schema as fast-check arbitraries:
// the schema's own types, bounds, patterns and optional keys, with ids and paths drawn from a pool
// of things that exist (so that valid calls reach the handlers' real work, not only NOT_FOUND).
import fc from 'fast-check';
import type { z } from '../../../../common/contract';

/** What a valid input may name: ids in the fuzzed project, paths in the fuzz's temp folder. */
export interface Pools {
  uuids: string[];
  documentIds: number[];
  paths: string[];
  strings: string[];
}

type Schema = z.ZodType;
interface Def {
  type: string;
  checks?: { _zod: { def: Record<string, unknown> } }[];
  [k: string]: unknown;
}
const defOf = (s: Schema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (d: Def) => (d.checks ?? []).map((c) => c._zod.def);

const UUID_SOURCE = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const PATH_KEYS = new Set(['path', 'dir']);

/** Whether a key of an object may be left out (optional, or with a default). */
export function isOptional(schema: Schema): boolean {
  const t = defOf(schema).type;
  return t === 'optional' || t === 'default' || t === 'prefault';
}

function stringArb(d: Def, key: string, pools: Pools): fc.Arbitrary<string> {
  const checks = checksOf(d);
  const min = (checks.find((c) => c.check === 'min_length')?.minimum as number | undefined) ?? 0;
  const max = (checks.find((c) => c.check === 'max_length')?.maximum as number | undefined) ?? 40;
  const format = checks.find((c) => c.check === 'string_format');
  if (format?.format === 'uuid' || (format?.pattern as RegExp | undefined)?.source === UUID_SOURCE) {
    return fc.oneof(fc.constantFrom(...pools.uuids), fc.uuid({ version: 4 }));
  }
  if (format?.format === 'regex') {
    // fast-check reads no flags: a case-insensitive pattern is matched in lower case.
    const pattern = format.pattern as RegExp;
    return fc.stringMatching(new RegExp(pattern.source)).filter((s) => pattern.test(s) && s.length >= min && s.length <= max);
  }
  if (format?.format === 'starts_with') return fc.string({ maxLength: 10 }).map((s) => `${format.prefix as string}${s}`);
  if (PATH_KEYS.has(key)) return fc.constantFrom(...pools.paths);
  if (key === 'proxy') return fc.constant('http://127.0.0.1:9');
  const free = fc.string({ minLength: min, maxLength: Math.min(max, min + 24) });
  const known = pools.strings.filter((s) => s.length >= min && s.length <= max);
  return (known.length ? fc.oneof(free, fc.constantFrom(...known)) : free).filter((s) => s.trim().length >= min);
}

function numberArb(d: Def, key: string, pools: Pools): fc.Arbitrary<number> {
  const checks = checksOf(d);
  const int = checks.some((c) => c.check === 'number_format' && /int/.test(String(c.format)));
  let lo = -1000;
  let hi = 100_000;
  let loOpen = false;
  let hiOpen = false;
  for (const c of checks) {
    if (c.check === 'greater_than') [lo, loOpen] = [c.value as number, !c.inclusive];
    if (c.check === 'less_than') [hi, hiOpen] = [c.value as number, !c.inclusive];
  }
  if (int) {
    const arb = fc.integer({ min: Math.ceil(loOpen ? lo + 1e-9 : lo), max: Math.floor(hiOpen ? hi - 1e-9 : hi) });
    const ids = pools.documentIds.filter((n) => n >= lo && n <= hi);
    return /(^id$|Id$|documentId)/.test(key) && ids.length ? fc.oneof(fc.constantFrom(...ids), arb) : arb;
  }
  return fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true, minExcluded: loOpen, maxExcluded: hiOpen });
}

/** Valid values of the schema (most of them: refinements across fields are not modelled). */
export function validArbitrary(schema: Schema, pools: Pools, key = ''): fc.Arbitrary<unknown> {
  const d = defOf(schema);
  const inner = (s: unknown, k = key) => validArbitrary(s as Schema, pools, k);
  switch (d.type) {
    case 'object': {
      const shape = d.shape as Record<string, Schema>;
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, s] of Object.entries(shape)) model[k] = inner(s, k);
      const requiredKeys = Object.keys(shape).filter((k) => !isOptional(shape[k]!));
      return fc.record(model, { requiredKeys });
    }
    case 'optional':
    case 'default':
    case 'prefault':
      return inner(d.innerType);
    case 'nullable':
      return fc.option(inner(d.innerType), { nil: null, freq: 4 });
    case 'string':
      return stringArb(d, key, pools);
    case 'number':
      return numberArb(d, key, pools);
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(d.entries as Record<string, string>));
    case 'literal':
      return fc.constantFrom(...(d.values as unknown[]));
    case 'null':
      return fc.constant(null);
    case 'array': {
      const checks = checksOf(d);
      const minLength = (checks.find((c) => c.check === 'min_length')?.minimum as number | undefined) ?? 0;
      const max = (checks.find((c) => c.check === 'max_length')?.maximum as number | undefined) ?? minLength + 3;
      return fc.array(inner(d.element, key), { minLength, maxLength: Math.min(max, minLength + 3) });
    }
    case 'union':
      return fc.oneof(...(d.options as Schema[]).map((o) => inner(o)));
    case 'record':
      return fc.dictionary(inner(d.keyType, '') as fc.Arbitrary<string>, inner(d.valueType, ''), { maxKeys: 3 });
    case 'pipe':
      return inner(d.in);
    default:
      throw new Error(`schema-arbitrary: no generator for zod type ${d.type}`);
  }
}
