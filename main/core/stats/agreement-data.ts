// Reliability data from decisions in long format (document, coder, value): the units x coders table
// every agreement statistic takes, with the document and coder of each row and column.
import type { Cell } from './krippendorff';
import { invalid } from './numeric';

export interface CodingRecord<V> {
  unit: string;
  coder: string;
  value: V;
}

export interface ReliabilityTable<V> {
  /** Row names: documents, in the order given or first seen. */
  units: string[];
  /** Column names: coders, in the order given or first seen. */
  coders: string[];
  /** data[u][c]: coder c's value for document u, null where the coder did not code it. */
  data: Cell<V>[][];
}

/**
 * Arranges decisions as reliability data. `units` and `coders`, when given, fix the rows and columns
 * (a document nobody coded stays as an empty row and counts as not coded; a record naming another
 * document or coder is refused); otherwise they are taken in first-seen order.
 * A coder may have one current decision per document: a second record for the same pair is refused
 * (the caller passes each coder's current decision, not the history).
 */
export function reliabilityTable<V>(
  records: readonly CodingRecord<V>[],
  options: { units?: readonly string[]; coders?: readonly string[] } = {},
): ReliabilityTable<V> {
  const index = (names: readonly string[] | undefined, what: string) => {
    const map = new Map<string, number>();
    for (const name of names ?? []) {
      if (map.has(name)) throw invalid(`The ${what} "${name}" is listed twice.`);
      map.set(name, map.size);
    }
    return map;
  };
  const units = index(options.units, 'document');
  const coders = index(options.coders, 'coder');
  const fixedUnits = options.units !== undefined;
  const fixedCoders = options.coders !== undefined;
  for (const r of records) {
    if (!units.has(r.unit)) {
      if (fixedUnits) throw invalid(`The decision on document "${r.unit}" is not on a document of the reliability sample.`);
      units.set(r.unit, units.size);
    }
    if (!coders.has(r.coder)) {
      if (fixedCoders) throw invalid(`The coder "${r.coder}" is not one of the coders compared.`);
      coders.set(r.coder, coders.size);
    }
  }
  const data: Cell<V>[][] = Array.from({ length: units.size }, () => new Array<Cell<V>>(coders.size).fill(null));
  for (const r of records) {
    const row = data[units.get(r.unit)!]!;
    const c = coders.get(r.coder)!;
    if (row[c] !== null) throw invalid(`Coder "${r.coder}" has two decisions on document "${r.unit}"; pass each coder's current one.`);
    row[c] = r.value;
  }
  return { units: [...units.keys()], coders: [...coders.keys()], data };
}
