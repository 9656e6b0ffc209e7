// The export's metadata columns are named by this prefix and the column's key (columns.ts, and the
// pseudonymised columns named in the manifest: pseudonym.ts).
export const META_PREFIX = 'meta_';

/** The header of a metadata column. */
export const metaHeader = (key: string) => `${META_PREFIX}${key}`;
