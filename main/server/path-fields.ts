// Which fields of a contract call are file-system paths, found by walking the method's zod input
// schema ([Note: browser-mode paths] in path-guard.ts).
import { methods, type MethodName } from '../../common/contract';

/** Where a string sits in an input: keys from the top, `[]` for any element of an array. */
export type FieldPath = readonly string[];

interface ZodLike {
  _zod: { def: Record<string, unknown> & { type: string } };
}

/** A key that names a path (path, paths, dir, folder, file, out, output, xnliDir, csvPath...). */
export const PATH_KEY = /^(paths?|dirs?|folders?|files?|out|output|directory)$|(Path|Paths|Dir|Dirs|Folder|Folders|File|Files)$/;

/** Path fields whose key does not say so: none today. A new one is declared here. */
export const DECLARED_PATHS: Partial<Record<MethodName, FieldPath[]>> = {};

/** Keys that look like paths and are not used as one: forgetting a recent project only drops its
 * name from the list (projects the CLI opened elsewhere must stay removable). */
export const NOT_PATHS: Partial<Record<MethodName, FieldPath[]>> = { 'projects.forget': [['path']] };

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional', 'success']);
const LEAVES = new Set([
  'number',
  'boolean',
  'bigint',
  'literal',
  'enum',
  'null',
  'undefined',
  'void',
  'never',
  'date',
  'nan',
  'symbol',
  'any',
  'unknown',
  'custom',
  'file',
]);

/** Every string (or template literal) in the schema, by field path. Throws on a schema kind it does
 * not know, so that a method whose fields cannot be seen is refused rather than let through. */
export function stringFields(schema: unknown, at: FieldPath = [], seen = new Set<unknown>()): FieldPath[] {
  const def = (schema as ZodLike)._zod.def;
  const type = def.type;
  if (type === 'string' || type === 'template_literal') return [at];
  if (LEAVES.has(type)) return [];
  if (seen.has(schema)) return [];
  seen.add(schema);
  try {
    if (WRAPPERS.has(type)) return stringFields(def.innerType, at, seen);
    if (type === 'object') {
      const shape = def.shape as Record<string, unknown>;
      const out = Object.entries(shape).flatMap(([k, v]) => stringFields(v, [...at, k], seen));
      if (def.catchall && (def.catchall as ZodLike)._zod.def.type !== 'never') out.push(...stringFields(def.catchall, [...at, '*'], seen));
      return out;
    }
    if (type === 'array' || type === 'set') return stringFields(def.element ?? def.valueType, [...at, '[]'], seen);
    if (type === 'tuple') return (def.items as unknown[]).flatMap((i) => stringFields(i, [...at, '[]'], seen));
    if (type === 'record' || type === 'map') return stringFields(def.valueType, [...at, '*'], seen);
    if (type === 'union') return (def.options as unknown[]).flatMap((o) => stringFields(o, at, seen));
    if (type === 'intersection') return [...stringFields(def.left, at, seen), ...stringFields(def.right, at, seen)];
    if (type === 'pipe') return stringFields(def.in, at, seen);
    if (type === 'transform') return [];
    if (type === 'lazy') return stringFields((def.getter as () => unknown)(), at, seen);
  } finally {
    seen.delete(schema);
  }
  throw new Error(`unknown schema kind "${type}" at ${at.join('.') || 'the top'}`);
}

const same = (a: FieldPath, b: FieldPath) => a.length === b.length && a.every((k, i) => k === b[i]);
const unique = (list: FieldPath[]) => list.filter((p, i) => list.findIndex((q) => same(p, q)) === i);

/** A method's path fields, or the reason they cannot be known. */
export function pathFieldsOf(method: MethodName): { fields: FieldPath[] } | { unknown: string } {
  let strings: FieldPath[];
  try {
    strings = unique(stringFields(methods[method].input));
  } catch (err) {
    return { unknown: (err as Error).message };
  }
  const not = NOT_PATHS[method] ?? [];
  const named = strings.filter((p) => PATH_KEY.test(p.filter((k) => k !== '[]' && k !== '*').at(-1) ?? '') && !not.some((n) => same(n, p)));
  return { fields: unique([...named, ...(DECLARED_PATHS[method] ?? [])]) };
}

/** The values at a field path of an input (every element of an array). */
export function valuesAt(input: unknown, field: FieldPath): unknown[] {
  let current: unknown[] = [input];
  for (const key of field) {
    const next: unknown[] = [];
    for (const v of current) {
      if (key === '[]') {
        if (Array.isArray(v)) next.push(...(v as unknown[]));
      } else if (key === '*') {
        if (v && typeof v === 'object') next.push(...Object.values(v));
      } else if (v && typeof v === 'object' && Object.prototype.hasOwnProperty.call(v, key)) next.push((v as Record<string, unknown>)[key]);
    }
    current = next;
  }
  return current;
}
