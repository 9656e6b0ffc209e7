// `prelabel merge-shards`: brings the results of a shard set back into the project as one run.
// Every result is checked first (its shard's checksum, the model's hash, the model-input hash
// against the question's current one, every document of the shard exactly once and nowhere else);
// then all are stored in one transaction, as one run with its provenance and the shard set's id.
// Shards without a whole result are named by task id with the sbatch line that reruns only them,
// and nothing is stored. Merging a set again finds its run and changes nothing.
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PrelabelError, type ShardsMerged } from '../../../common/contract';
import { bulkRebuild, suggestionStateWriter, withoutSuggestionIndexes } from '../coding/coding-state';
import { findQuestion, readCodebook } from '../codebook/codebook-read';
import { readPrecision } from '../nli/precision/project-precision';
import { labelHierarchy } from '../nli/scoring/label-hierarchy';
import { runHash, writeScoringMode } from '../nli/scoring/scoring-mode';
import { scoredLabels } from '../codebook/hypotheses';
import { batchWriter, insertRun, pendingDocuments, setRunStatus, type PredictionRow } from '../store/prediction-store';
import { refreshStatistics, type Db } from '../store/project-db';
import { readShard, resultFile, shardFile, type ResultGroup, type Shard } from './shard-format';
import { eachLine } from './result-lines';
import { readChain } from './result-chain';

export type MergeShardsSummary = ShardsMerged;

const refuse = (message: string) => new PrelabelError('INVALID_INPUT', message);

function readSet(dir: string): Shard[] {
  if (!existsSync(dir)) throw new PrelabelError('NOT_FOUND', `${dir}: no such folder.`);
  const names = readdirSync(dir).filter((n) => /^shard-\d{4,}\.jsonl$/.test(n));
  if (names.length === 0) throw new PrelabelError('NOT_FOUND', `${dir} holds no shard files (shard-0000.jsonl …).`);
  const shards = names.map((n) => readShard(join(dir, n)));
  const first = shards[0]!.header;
  for (const s of shards) {
    if (s.header.setId !== first.setId)
      throw refuse(`${dir} mixes shards of two sets (${shardFile(s.header.index)} is of another); keep one set a folder.`);
  }
  const missing = Array.from({ length: first.count }, (_, i) => i).filter((i) => !shards.some((s) => s.header.index === i));
  if (missing.length > 0) throw refuse(`${dir} lacks the shard files ${missing.map(shardFile).join(', ')} of this set.`);
  return shards.sort((a, b) => a.header.index - b.header.index);
}

/** Why a batch of a result cannot be used, or null. */
function groupProblem(g: ResultGroup, want: Map<number, number[]>, seen: Set<number>, labels: Set<string>, asked: number): string | null {
  const ids = want.get(g.group);
  if (!ids || seen.has(g.group)) return `batch ${g.group} is not the shard's or is there twice`;
  seen.add(g.group);
  const got = g.docs.map((d) => d[0]);
  if (got.length !== ids.length || got.some((id) => !ids.includes(id))) return `batch ${g.group} does not hold the shard's documents`;
  const windows = g.docs.reduce((a, d) => a + d[3], 0);
  const docs = new Set(got);
  if (
    g.rows.length < windows * asked ||
    g.rows.length > windows * labels.size ||
    g.rows.some((row) => !docs.has(row[0]) || !labels.has(row[1]))
  )
    return `batch ${g.group} lacks predictions or holds unknown labels or documents`;
  return null;
}

/** Checks a shard's result one batch at a time; answers the file's SHA-256 (the merge reads it
 * again to store it and checks that it is the file checked), or why it cannot be used. */
function checkResult(dir: string, shard: Shard): { sha256: string } | string {
  const { header } = shard;
  const path = join(dir, resultFile(header.index));
  if (!existsSync(path)) return 'no result file (the task has not run, failed, or was stopped)';
  const want = new Map(shard.groups.map((g) => [g.group, g.documents.map((d) => d.id)]));
  const labels = new Set(header.hypotheses.map((h) => h.labelId));
  // Hierarchical: each window is asked every top-level label and at most every other one.
  const asked = header.scoring.hierarchical ? labelHierarchy(scoredLabels(header.question)).roots.length : labels.size;
  const seen = new Set<number>();
  // Every batch line's hash chained to the one before ([Note: result chain] in result-chain.ts).
  const r = readChain(path, (g) => groupProblem(g, want, seen, labels, asked));
  const name = resultFile(header.index);
  if (r.header === null) return r.problem ? `${name} line ${r.problem.line}: ${r.problem.why}` : 'the result was made from another shard';
  if (r.header.setId !== header.setId || r.header.shardChecksum !== shard.checksum) return 'the result was made from another shard';
  if (r.problem) return `${name} line ${r.problem.line}: ${r.problem.why}`;
  if (r.header.modelSha256 !== header.model.sha256)
    return `the result was scored with another model (SHA-256 ${String(r.header.modelSha256).slice(0, 12)}…)`;
  if (r.header.modelInputHash !== header.modelInputHash) return "the result's model-input hash is not the shard's";
  if (!r.ended) return `${name} has no end line after its ${r.groups} batches (cut short in the copy?)`;
  if (seen.size !== shard.groups.length) return `the result holds ${seen.size} of the shard's ${shard.groups.length} batches`;
  return { sha256: r.sha256 };
}

export interface MergeOptions {
  /** The fp32 model file the app pre-labels with now (null: none chosen, as in a bare CLI). */
  appModelSha256?: string | null;
}

export function mergeShards(db: Db, dir: string, o: MergeOptions = {}): MergeShardsSummary {
  const shards = readSet(dir);
  const first = shards[0]!.header;
  const question = findQuestion(readCodebook(db), first.question.id);
  if (!question) throw refuse(`The question "${first.question.name}" of these shards is no longer in the codebook.`);
  const summary: MergeShardsSummary = {
    ok: false,
    setId: first.setId,
    question: question.name,
    runId: null,
    alreadyMerged: false,
    precision: first.model.precision,
    hierarchical: first.scoring.hierarchical,
    shards: first.count,
    documents: 0,
    predictions: 0,
    failed: [],
    rerun: '',
  };
  const merged = db
    .prepare("SELECT id FROM prelabel_runs WHERE question_id = ? AND json_extract(options, '$.shardSet') = ?")
    .pluck()
    .get(question.id, first.setId) as string | undefined;
  if (merged) {
    const counts = db
      .prepare(
        'SELECT (SELECT count(*) FROM prediction_documents WHERE run_id = @id) AS d, (SELECT count(*) FROM predictions WHERE run_id = @id) AS p',
      )
      .get({ id: merged }) as { d: number; p: number };
    return { ...summary, ok: true, runId: merged, alreadyMerged: true, documents: counts.d, predictions: counts.p };
  }
  if (o.appModelSha256 && o.appModelSha256 !== first.model.fp32Sha256)
    throw refuse(
      `These shards were made with the model ${first.model.modelId} (SHA-256 ${first.model.fp32Sha256.slice(0, 12)}…) but the app pre-labels with another model file now (${o.appModelSha256.slice(0, 12)}…): their predictions would not be current. Choose that model in Models, or shard again.`,
    );
  const stored = readPrecision(db);
  const int8 = stored.precision === 'int8' && stored.check?.accepted === true && stored.check.fp32Sha256 === first.model.fp32Sha256;
  if (first.model.precision === 'int8' ? !int8 || stored.check!.int8Sha256 !== first.model.sha256 : int8)
    throw refuse(
      `These shards were scored with the ${first.model.precision} model but the project now scores with ${int8 ? 'its int8 variant' : 'fp32'} (its precision changed since they were made): their logits would not be its current predictions. Shard the question again, or switch the precision back.`,
    );
  const mode = first.scoring;
  const current = runHash(question, first.model.sha256, mode);
  if (current !== first.modelInputHash) {
    throw refuse(
      `The codebook of "${question.name}" changed since these shards were made (its hypotheses, labels or long-text mode): their logits answer other questions. Shard the question again.`,
    );
  }
  const results = new Map<number, string>();
  for (const shard of shards) {
    const r = checkResult(dir, shard);
    if (typeof r === 'string') summary.failed.push({ index: shard.header.index, reason: r });
    else results.set(shard.header.index, r.sha256);
  }
  if (summary.failed.length > 0) {
    summary.rerun = `sbatch --array=${summary.failed.map((f) => f.index).join(',')} run.sbatch`;
    return summary;
  }
  // Checked and written under the write lock (BEGIN IMMEDIATE): no other process scores a document
  // between the check and the insert.
  db.transaction(() => {
    // Every document of the set exactly once, and each still without current predictions.
    const pending = new Set(pendingDocuments(db, question.id, current).ids);
    const once = new Set<number>();
    for (const shard of shards) {
      for (const g of shard.groups) {
        for (const d of g.documents) {
          if (once.has(d.id)) throw refuse(`Document ${d.externalId} is in two shards of the set; the set is damaged. Shard again.`);
          once.add(d.id);
          if (!pending.has(d.id))
            throw refuse(
              `Document ${d.externalId} already has current predictions or was deleted since the shards were made; shard the question again.`,
            );
        }
      }
    }
    const run = insertRun(db, {
      id: randomUUID(),
      questionId: question.id,
      modelId: first.model.modelId,
      modelSha256: first.model.sha256,
      modelInputHash: current,
      codebookRevisionId: first.codebookRevisionId,
      options: {
        longText: first.question.longText,
        maxLength: first.planner.maxLength,
        windowOverlap: first.planner.windowOverlap,
        maxBatchTokens: first.tuning.maxBatchTokens,
        maxRows: first.tuning.maxRows,
        labels: first.hypotheses.map((h) => h.labelId),
        precision: first.model.precision,
        hierarchical: mode.hierarchical,
        ...(mode.hierarchical ? { topParents: mode.topParents } : {}),
        template: first.question.template,
        hypotheses: first.hypotheses,
        tokenizerSha256: first.model.tokenizerSha256,
        configSha256: first.model.configSha256,
        shardSet: first.setId,
        shards: first.count,
      },
    });
    // As a run's start does: the question's predictions are current under the mode it was scored with.
    writeScoringMode(db, question.id, mode);
    // [Note: merge speed] The suggestions come from the rows just parsed (a run's writer reads each
    // document's rows back), and a big merge drops the suggestion indexes for its writes and creates
    // them again after them (a sort each, not a million random updates; when: see below).
    const suggest = suggestionStateWriter(db, run.id);
    const write = batchWriter(db, run.id, () => {});
    const store = () => {
      // Shard by shard, one batch at a time (memory bounded by a batch, not the set).
      for (const shard of shards) {
        const name = resultFile(shard.header.index);
        const sha256 = eachLine(join(dir, name), (line, i) => {
          if (i === 0) return;
          const g = JSON.parse(line) as ResultGroup;
          if (!Array.isArray(g.rows)) return; // the end line
          const docs = g.docs.map(([documentId, tokenCount, truncated, windows]) => ({
            documentId,
            tokenCount,
            truncated: truncated === 1,
            windows,
          }));
          write(docs, g.rows.length, (r, out) => {
            const row = g.rows[r]!;
            for (let k = 0; k < 6; k++) out[k] = row[k] as never;
          });
          suggest(
            g.docs.map((d) => d[0]),
            g.rows.map(([documentId, labelId, window, entailment, neutral, contradiction]): PredictionRow => ({
              documentId,
              labelId,
              window,
              entailment,
              neutral,
              contradiction,
            })),
          );
          summary.documents += docs.length;
          summary.predictions += g.rows.length;
        });
        if (sha256 !== results.get(shard.header.index))
          throw refuse(`${name} changed while it was merged; nothing is stored: merge again.`);
      }
    };
    // Re-creating the indexes sorts every row of coding_state (about 0.6 s at 50,000 rows on a busy
    // 2-core machine); updating a row in place costs about ten times a row's share of that: so a
    // merge that touches an eighth of the table's rows or more (5,000 at least) takes the bulk path.
    const rows = db.prepare('SELECT count(*) FROM coding_state').pluck().get() as number;
    if (once.size > bulkRebuild.threshold || (once.size >= 5_000 && once.size * 8 >= rows + once.size)) withoutSuggestionIndexes(db, store);
    else store();
    setRunStatus(db, run.id, 'done');
    summary.runId = run.id;
  }).immediate();
  refreshStatistics(db);
  summary.ok = true;
  return summary;
}
