// export.count: the rows an export with the given choices would write now, counted by the same
// rules as the export itself (the filter's `passes`, the training formats' `labelled` and split,
// the NLI pair count of NliWriter, the parent level's "coded" rule), reading no text. Every unit
// passes "all", so a unit-level table or JSON Lines export of all documents is one SQL count (the
// units the export's reader reads: store/units.ts); the other choices read the decisions.
import type { CodebookQuestion, ExportCount, ExportFilter, ExportFormat, ExportLevel, NliNegatives } from '../../../common/contract';
import { scoredLabels } from '../codebook/hypotheses';
import type { Db } from '../store/project-db';
import { isUnit, TOP_LEVEL_IMPORTS } from '../store/units';
import { nliPairCount } from './dataset-writers';
import { DecisionReader, EXPORT_CHUNK } from './decisions';
import { passes, RecordContext } from './export-records';
import { checkParentLevel } from './parent-export';
import { splitFor } from './split';
import { checkTrainingFilter, labelled } from './training-export';

export interface CountArgs {
  format: ExportFormat;
  filter: ExportFilter;
  level: ExportLevel;
  seed: number;
  testFraction: number;
  nliNegatives: NliNegatives;
  chunkSize?: number;
}

export function countExport(db: Db, question: CodebookQuestion, a: CountArgs): ExportCount {
  const reader = new DecisionReader(db, question.id);
  const span = a.chunkSize ?? EXPORT_CHUNK;
  const chunks = function* () {
    for (let after = 0; after < reader.maxId; after += span) yield reader.chunk(after, span, false);
  };

  if (a.level === 'parent') {
    checkParentLevel(a.format, a.filter);
    const parents = db.prepare(`SELECT count(*) FROM documents d WHERE d.import_id IN (${TOP_LEVEL_IMPORTS})`).pluck().get() as number;
    if (a.filter === 'all') return { rows: parents, documents: parents, split: null };
    // "coded": parents with at least one unit whose decision is a label decision.
    const coded = new Set<number>();
    for (const chunk of chunks()) for (const doc of chunk) if (doc.decision?.kind === 'label') coded.add(doc.segment?.parentId ?? doc.id);
    return { rows: coded.size, documents: coded.size, split: null };
  }

  checkTrainingFilter(a.format, a.filter);
  if (a.format !== 'hf' && a.format !== 'nli' && a.filter === 'all') {
    const units = db
      .prepare(`SELECT count(*) FROM documents d WHERE ${isUnit('d')}`)
      .pluck()
      .get() as number;
    return { rows: units, documents: units, split: null };
  }
  const ctx = new RecordContext(db, question);
  if (a.format !== 'hf' && a.format !== 'nli') {
    let rows = 0;
    for (const chunk of chunks()) for (const doc of chunk) if (passes(a.filter, doc, ctx)) rows++;
    return { rows, documents: rows, split: null };
  }

  const isTrainingRow = labelled(question.multiLabel);
  const items: Array<{ id: number; labels: string[] }> = [];
  for (const chunk of chunks())
    for (const doc of chunk)
      if (passes(a.filter, doc, ctx) && isTrainingRow(doc))
        items.push({ id: doc.id, labels: ctx.decisionLabels(doc.decision!).map((l) => l.id) });
  const test = splitFor(
    items,
    question.multiLabel,
    a.testFraction,
    a.seed,
    question.labels.map((l) => l.id),
  );
  const split = { train: items.length - test.size, test: test.size };
  if (a.format === 'hf') return { rows: items.length, documents: items.length, split };
  const asked = new Set(scoredLabels(question).map((l) => l.id));
  let rows = 0;
  for (const item of items) {
    const k = item.labels.filter((id) => asked.has(id)).length;
    rows += nliPairCount(k, asked.size, a.nliNegatives, test.has(item.id));
  }
  return { rows, documents: items.length, split };
}
