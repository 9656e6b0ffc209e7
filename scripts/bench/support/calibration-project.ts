// A project for bench:calibration's switch: N documents (short texts, no search index: the switch
// never reads texts), one single-label question of 5 labels with planted stored logits for every
// document (calibration/test-support/planted.ts: one biased label, a swapped pair, one informative,
// one noise; every third document has a second, weaker window), its suggestion columns built once
// from them, and D human decisions of the planted truth on random documents (the decision log and the
// coding state, as fillCodingProject's bulk path makes them). Seeded: every run builds the same file.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Codebook, CodebookQuestion } from '../../../common/contract';
import { modelInputHash } from '../../../main/core/codebook/hypotheses';
import { plantedRows, type LabelKind } from '../../../main/core/calibration/test-support/planted';
import { rebuildSuggestions, refreshDecision } from '../../../main/core/coding/coding-state';
import { createCore } from '../../../main/core/create-core';
import { mulberry32 } from '../../../main/core/seeded-random';
import { batchWriter, insertRun } from '../../../main/core/store/prediction-store';

export const SWITCH_KINDS: LabelKind[] = ['biased', 'swapped', 'swapped', 'informative', 'noise'];

export interface CalibrationProject {
  questionId: string;
  hash: string;
  revisionId: string | null;
}

/** Builds the project file at `path` and closes it. */
export async function buildCalibrationProject(
  path: string,
  opts: { documents: number; decisions: number; seed: number; log: (line: string) => void },
): Promise<CalibrationProject> {
  const scratch = mkdtempSync(join(dirname(path), 'builder-'));
  const core = createCore(
    {
      dataDir: join(scratch, 'data'),
      projectsDir: join(scratch, 'projects'),
      uploadsDir: join(scratch, 'uploads'),
      face: 'cli',
      writes: { chosenBy: 'caller' },
      version: 'bench',
    },
    () => {},
  );
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await core.dispatch(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as T;
  };
  try {
    await call('project.create', { name: 'bench-calibration', path });
    const db = core.context.requireProject().db;
    let t0 = performance.now();
    const importId = randomUUID();
    db.transaction(() => {
      db.prepare(
        "INSERT INTO imports (id, status, source_name, format, options, row_count, started_at) VALUES (?, 'committed', 'bench', 'csv', '{}', ?, ?)",
      ).run(importId, opts.documents, new Date().toISOString());
      const doc = db.prepare("INSERT INTO documents (id, import_id, row_number, external_id, text, metadata) VALUES (?, ?, ?, ?, ?, '{}')");
      for (let i = 1; i <= opts.documents; i++) doc.run(i, importId, i, `doc-${i}`, `Document ${i}.`);
    })();
    opts.log(`Inserted ${opts.documents.toLocaleString('en')} documents in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);

    const codebook = await call<Codebook>('codebook.set', {
      questions: [{ name: 'Topic', labels: SWITCH_KINDS.map((kind, j) => ({ name: `${kind}-${j}` })) }],
    });
    const q: CodebookQuestion = codebook.questions[0]!;
    const sha = 'c'.repeat(64);
    const hash = modelInputHash(q, sha);
    const run = insertRun(db, {
      id: randomUUID(),
      questionId: q.id,
      modelId: 'bench',
      modelSha256: sha,
      modelInputHash: hash,
      codebookRevisionId: codebook.revisionId,
      options: { maxLength: 512 },
    });
    t0 = performance.now();
    const write = batchWriter(db, run.id, () => {});
    const truthOf = new Int8Array(opts.documents + 1);
    const CHUNK = 10_000;
    for (let start = 1; start <= opts.documents; start += CHUNK) {
      const size = Math.min(CHUNK, opts.documents - start + 1);
      const planted = plantedRows({ n: size, kinds: SWITCH_KINDS, seed: opts.seed + start });
      const rows: Array<[number, string, number, number, number]> = [];
      planted.features.forEach((f, i) => {
        const d = start + i;
        truthOf[d] = planted.truth[i]![0]!;
        q.labels.forEach((l, j) => {
          rows.push([d, l.id, 0, f[2 * j]!, f[2 * j + 1]!]);
          if (d % 3 === 0) rows.push([d, l.id, 1, f[2 * j]! - 1, f[2 * j + 1]! + 1]);
        });
      });
      write(
        planted.features.map((_, i) => ({
          documentId: start + i,
          tokenCount: 40,
          truncated: false,
          windows: (start + i) % 3 === 0 ? 2 : 1,
        })),
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
    }
    db.prepare("UPDATE prelabel_runs SET status = 'done', finished_at = ? WHERE id = ?").run(new Date().toISOString(), run.id);
    opts.log(`Stored the planted logits in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
    t0 = performance.now();
    rebuildSuggestions(db, q, hash);
    opts.log(`Built the suggestion columns (raw) in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);

    t0 = performance.now();
    const coder = randomUUID();
    db.prepare('INSERT INTO coders (id, name, created_at) VALUES (?, ?, ?)').run(coder, 'Ana', new Date().toISOString());
    const append = db.prepare(
      `INSERT INTO annotations (id, document_id, question_id, coder_id, kind, label_ids, run_id, codebook_revision_id, seconds, flagged, created_at)
       VALUES (?, ?, ?, ?, 'label', ?, ?, ?, 4, 0, ?)`,
    );
    const rand = mulberry32(opts.seed);
    const decided = new Set<number>();
    db.transaction(() => {
      while (decided.size < Math.min(opts.decisions, opts.documents)) {
        const d = 1 + Math.floor(rand() * opts.documents);
        if (decided.has(d)) continue;
        decided.add(d);
        append.run(
          randomUUID(),
          d,
          q.id,
          coder,
          JSON.stringify([q.labels[truthOf[d]!]!.id]),
          run.id,
          codebook.revisionId,
          new Date().toISOString(),
        );
        refreshDecision(db, q, d);
      }
    })();
    opts.log(`Recorded ${decided.size.toLocaleString('en')} decisions in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('ANALYZE');
    return { questionId: q.id, hash, revisionId: codebook.revisionId };
  } finally {
    await core.shutdown();
    rmSync(scratch, { recursive: true, force: true });
  }
}
