// [Note: empty gold] on GermEval 2021 (the first 400 comments, /work/shared/data; 129 of them are
// neither toxic, engaging nor fact-claiming): imported with a multi-label gold column "Toxic;Engaging"
// whose empty cells mean no label. The evaluation against gold counts those 129 as the empty set
// while the switch is on (micro F1, subset accuracy and each label's support checked against this
// test's own count from the file and the raw logits) and leaves them out when it is off; a
// single-label question keeps an empty cell as "no gold".
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { MultiLabelMetrics } from '../../../common/contract';
import { mulberry32 } from '../seeded-random';
import { currentHash, independentModel } from '../evaluation/test-support/evaluation-project';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore } from '../test-support/test-core';
import { storeRun } from './test-support/coding-fixture';

const tmp = useTempDir();
const DATA = process.env.PRELABEL_DATA_DIR ?? '/work/shared/data';
const FILE = join(DATA, 'germeval2021_toxic', 'test.csv');
const KINDS = ['Toxic', 'Engaging', 'FactClaiming'];
const COLUMNS = ['Sub1_Toxic', 'Sub2_Engaging', 'Sub3_FactClaiming'];

/** The file's first 400 comments with their kinds as one gold value ("Toxic;Engaging", '' for none). */
function comments(): Array<{ id: string; text: string; kinds: string[] }> {
  const rows = parse(readFileSync(FILE), { columns: true, bom: true }) as Record<string, string>[];
  return rows.slice(0, 400).map((r) => ({
    id: r.comment_id!,
    text: r.comment_text!,
    kinds: KINDS.filter((_, i) => r[COLUMNS[i]!] === '1'),
  }));
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

describe('an empty gold cell of a multi-label question', () => {
  it.skipIf(!existsSync(FILE))(
    'counts as "none of these labels" on GermEval 2021 (129 of 400), and as no gold when switched off',
    async () => {
      const docs = comments();
      expect(docs.filter((d) => d.kinds.length === 0)).toHaveLength(129);
      const dir = tmp();
      const t = makeTestCore(dir);
      await t.call('project.create', { name: 'germeval', path: join(dir, 'g.prelabel') });
      const csv = join(dir, 'toxic.csv');
      writeFileSync(csv, ['id,text,gold', ...docs.map((d) => `${d.id},${quote(d.text)},${d.kinds.join(';')}`)].join('\n') + '\n');
      const started = await t.call('import.start', {
        source: { kind: 'path', path: csv },
        mapping: { textColumns: ['text'], idColumn: 'id', goldColumn: 'gold' },
      });
      expect((await t.waitForJob(started.jobId)).status).toBe('done');
      const codebook = await t.call('codebook.set', {
        questions: [
          { name: 'Kind', multiLabel: true, labels: KINDS.map((name) => ({ name })) },
          { name: 'Main kind', labels: KINDS.map((name) => ({ name })) },
        ],
      });
      const db = t.core.context.project!.db;
      const [kind, main] = codebook.questions;
      const rng = mulberry32(21);
      storeRun(db, codebook, 0, db.prepare('SELECT id FROM documents ORDER BY id').pluck().all() as number[], () =>
        KINDS.map(() => Math.round((rng() * 4 - 2) * 1000) / 1000),
      );
      expect(await t.call('annotate.settings', {})).toMatchObject({ hasGold: true, emptyGoldNoLabel: true });

      // The test's own numbers: truth from the file, the model from the raw logits.
      const labelIds = kind!.labels.map((l) => l.id);
      const model = independentModel(db, kind!.id, currentHash(db, kind!.id), labelIds, true);
      const idOf = new Map(
        (db.prepare('SELECT external_id AS e, id FROM documents').all() as Array<{ e: string; id: number }>).map((r) => [r.e, r.id]),
      );
      const byName = new Map(kind!.labels.map((l) => [l.id, l.name]));
      const own = (withEmpty: boolean) => {
        let tp = 0;
        let fp = 0;
        let fn = 0;
        let exact = 0;
        let n = 0;
        const support = new Map(KINDS.map((k) => [k, 0]));
        for (const d of docs) {
          if (!withEmpty && d.kinds.length === 0) continue;
          const predicted = model.get(idOf.get(d.id)!)!.labels.map((id) => byName.get(id)!);
          n++;
          for (const k of d.kinds) support.set(k, support.get(k)! + 1);
          tp += predicted.filter((k) => d.kinds.includes(k)).length;
          fp += predicted.filter((k) => !d.kinds.includes(k)).length;
          fn += d.kinds.filter((k) => !predicted.includes(k)).length;
          if (predicted.length === d.kinds.length && predicted.every((k) => d.kinds.includes(k))) exact++;
        }
        return { n, microF1: (2 * tp) / (2 * tp + fp + fn), subset: exact / n, support };
      };

      const on = await t.call('evaluation.run', { questionId: kind!.id, against: 'gold' });
      const want = own(true);
      expect(on.documents.withTruth).toBe(400);
      expect(on.source.description).toContain(
        'Gold labels of every coding unit (400), imported with the documents. 129 of them have an empty gold cell, counted as "none of these labels"',
      );
      expect(on.documents.used).toBe(400);
      const m = on.metrics as MultiLabelMetrics;
      expect(m.n).toBe(400);
      expect(m.micro.f1).toBeCloseTo(want.microF1, 12);
      expect(m.subsetAccuracy).toBeCloseTo(want.subset, 12);
      for (const l of m.perLabel) expect(l.support).toBe(want.support.get(l.label));

      await t.call('annotate.setSettings', { emptyGoldNoLabel: false });
      const off = await t.call('evaluation.run', { questionId: kind!.id, against: 'gold' });
      const without = own(false);
      expect(off.documents.withTruth).toBe(271);
      expect((off.metrics as MultiLabelMetrics).micro.f1).toBeCloseTo(without.microF1, 12);
      expect(without.microF1).not.toBeCloseTo(want.microF1, 3);

      // Single-label: an empty cell is no gold, whatever the switch; "Toxic;Engaging" names no one label.
      await t.call('annotate.setSettings', { emptyGoldNoLabel: true });
      storeRun(db, codebook, 1, [...idOf.values()], () => [1, 0, -1]);
      const single = await t.call('evaluation.run', { questionId: main!.id, against: 'gold' });
      expect(single.documents.withTruth).toBe(docs.filter((d) => d.kinds.length === 1).length);
      await t.core.shutdown();
    },
  );
});
