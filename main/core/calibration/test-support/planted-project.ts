// Test support: planted logits stored in a real project as one run (entailment and contradiction per
// label, in two windows whose stronger one carries the planted numbers), and human decisions of the
// planted truth made through the contract.
import { randomUUID } from 'node:crypto';
import type { Codebook } from '../../../../common/contract';
import { modelInputHash } from '../../codebook/hypotheses';
import { suggestionStateWriter } from '../../coding/coding-state';
import { MODEL_SHA } from '../../coding/test-support/coding-fixture';
import { batchWriter, insertRun } from '../../store/prediction-store';
import type { Db } from '../../store/project-db';
import type { TestCore } from '../../test-support/test-core';

/** Stores `features[i]` ([e_1, c_1, ...]) for document `ids[i]`; window 0 has every entailment 1.5
 * lower (and contradiction 1 higher), so the aggregation must pick window 1. Returns the hash. */
export function storePlantedRun(db: Db, codebook: Codebook, q: number, ids: readonly number[], features: readonly number[][]): string {
  const question = codebook.questions[q]!;
  const labels = question.labels.filter((l) => !l.archived);
  const hash = modelInputHash(question, MODEL_SHA);
  const run = insertRun(db, {
    id: randomUUID(),
    questionId: question.id,
    modelId: 'test-model',
    modelSha256: MODEL_SHA,
    modelInputHash: hash,
    codebookRevisionId: codebook.revisionId,
    options: { maxLength: 32 },
  });
  const write = batchWriter(db, run.id, suggestionStateWriter(db, run.id));
  const rows: Array<[number, string, number, number, number]> = [];
  ids.forEach((d, i) =>
    labels.forEach((l, j) => {
      const e = features[i]![2 * j]!;
      const c = features[i]![2 * j + 1]!;
      rows.push([d, l.id, 0, e - 1.5, c + 1], [d, l.id, 1, e, c]);
    }),
  );
  write(
    ids.map((d) => ({ documentId: d, tokenCount: 40, truncated: false, windows: 2 })),
    rows.length,
    (r, out) => {
      const [d, label, w, e, c] = rows[r]!;
      out[0] = d;
      out[1] = label;
      out[2] = w;
      out[3] = e;
      out[4] = 0;
      out[5] = c;
    },
  );
  return hash;
}

/** One coder's label decisions (label indices of the question's labels per document). */
export async function decidePlanted(
  t: TestCore,
  codebook: Codebook,
  q: number,
  ids: readonly number[],
  truth: readonly number[][],
  sampleId?: string,
): Promise<void> {
  const question = codebook.questions[q]!;
  for (let i = 0; i < ids.length; i++)
    await t.call('annotate.decide', {
      questionId: question.id,
      documentId: ids[i]!,
      coder: 'ana',
      kind: 'label',
      labelIds: truth[i]!.map((j) => question.labels[j]!.id),
      ...(sampleId ? { sampleId } : {}),
    });
}
