// Pre-label runs end to end on a real corpus file (50 AG News documents, imported by the importer)
// with the generated tiny model: every document x label (x window) stored once, logits equal to an
// independent onnxruntime session on the reference pair encoding, suggestions equal to scores
// recomputed from those logits, truncation only of the premise, windows, and batches by tokens (the
// length look-ahead). Pause, resume, cancel and the rest of run control: run-control.test.ts.
import type { InferenceSession } from 'onnxruntime-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CodebookQuestion } from '../../../../common/contract';
import { useTempDir } from '../../test-support/temp-dir';
import { loadModelConfig, type NliModelConfig } from '../../models/model-config';
import { openSession, runLogits } from '../test-support/run-logits';
import {
  duplicatePredictions,
  prelabelProject,
  runEnd,
  setQuestions,
  topicQuestion,
  type PrelabelProject,
} from '../test-support/prelabel-project';
import { loadFixtures, makeTinyModel, type TinyModel } from '../test-support/tiny-model';
import { NliTokenizer } from '../scoring/tokenizer';
import { aggregateWindows, zeroShotScores } from '../scoring/zero-shot';
import { hypothesisFor } from '../../codebook/hypotheses';

const tmp = useTempDir();
let model: TinyModel;
let session: InferenceSession;
let tok: NliTokenizer;
let config: NliModelConfig;
let project: PrelabelProject | null = null;

beforeAll(async () => {
  model = makeTinyModel(loadFixtures());
  session = await openSession(`${model.dir}/onnx/model.onnx`);
  tok = NliTokenizer.fromModelDir(model.dir);
  config = loadModelConfig(model.dir);
});
afterAll(async () => {
  await session?.release();
  model?.cleanup();
});
afterEach(async () => {
  await project?.close();
  project = null;
});

async function open(opts: { count?: number; extraTexts?: string[] } = {}): Promise<PrelabelProject> {
  project = await prelabelProject(tmp(), { ...opts, modelDir: model.dir });
  return project;
}

interface StoredRow {
  document_id: number;
  label_id: string;
  window: number;
  entailment: number;
  neutral: number | null;
  contradiction: number;
}

function storedRows(p: PrelabelProject, runId: string): StoredRow[] {
  return p.t.core.context
    .project!.db.prepare(
      'SELECT document_id, label_id, window, entailment, neutral, contradiction FROM predictions WHERE run_id = ? ORDER BY document_id, label_id, window',
    )
    .all(runId) as StoredRow[];
}

/** The model's logits as stored: [entailment, neutral, contradiction] by label2id name. */
function byName(logits: number[]): number[] {
  return [logits[config.indices.entailment]!, logits[config.indices.neutral!]!, logits[config.indices.contradiction]!];
}

async function startAndFinish(p: PrelabelProject, questionId: string, priority: number[] = []) {
  const run = await p.t.call('prelabel.start', { questionId, priorityDocumentIds: priority });
  const end = await runEnd(p.t, run.id);
  return { run, end };
}

describe('a pre-label run over 50 AG News documents', () => {
  it('stores logits for every document x label equal to an independent session on only_first-truncated pairs, and suggestions recomputed from them', async () => {
    const p = await open();
    const maxLength = 40;
    p.engine.tuning.maxLength = maxLength; // short, so that many of these news texts are cut
    const codebook = await setQuestions(p.t, [topicQuestion()]);
    const question = codebook.questions[0]!;
    const { run, end } = await startAndFinish(p, question.id);
    expect(end).toMatchObject({ status: 'done', done: 50, total: 50 });

    const rows = storedRows(p, run.id);
    expect(rows).toHaveLength(50 * 4);
    expect(duplicatePredictions(p.t, run.modelInputHash)).toBe(0);

    const db = p.t.core.context.project!.db;
    const docRows = db
      .prepare('SELECT document_id, token_count, truncated, windows FROM prediction_documents WHERE run_id = ?')
      .all(run.id) as Array<{ document_id: number; token_count: number; truncated: number; windows: number }>;
    expect(docRows).toHaveLength(50);
    const hypotheses = question.labels.map((l) => hypothesisFor(question, l));
    let truncatedCount = 0;
    const expectedRows: number[][] = [];
    const pairs: Array<{ doc: number; label: number }> = [];
    for (const doc of p.documents) {
      const d = docRows.find((r) => r.document_id === doc.id)!;
      expect(d.token_count).toBe(tok.tokenize(doc.text).length);
      expect(d.windows).toBe(1);
      const encodings = hypotheses.map((h) => tok.encodePair(doc.text, h, maxLength));
      // Only the premise is cut: every pair still ends with its whole hypothesis.
      encodings.forEach((e, k) =>
        expect(e.inputIds.slice(-(tok.tokenize(hypotheses[k]!).length + 1))).toEqual([...tok.tokenize(hypotheses[k]!), 2]),
      );
      const truncated = encodings.some((e) => e.truncated);
      expect(d.truncated === 1, `document ${doc.externalId}`).toBe(truncated);
      if (truncated) truncatedCount++;
      encodings.forEach((e, k) => {
        expectedRows.push(e.inputIds);
        pairs.push({ doc: doc.id, label: k });
      });
    }
    expect(truncatedCount).toBeGreaterThan(10);
    const reference = await runLogits(session, expectedRows, tok.padId);
    pairs.forEach((pair, i) => {
      const stored = rows.find((r) => r.document_id === pair.doc && r.label_id === question.labels[pair.label]!.id)!;
      const want = byName(reference[i]!);
      expect(Math.abs(stored.entailment - want[0]!)).toBeLessThan(1e-4);
      expect(Math.abs(stored.neutral! - want[1]!)).toBeLessThan(1e-4);
      expect(Math.abs(stored.contradiction - want[2]!)).toBeLessThan(1e-4);
    });

    const page = await p.t.call('documents.list', { offset: 0, limit: 100, questionId: question.id });
    expect(page.rows).toHaveLength(50);
    for (const row of page.rows) {
      const logits = pairs.map((pair, i) => (pair.doc === row.id ? reference[i]! : null)).filter((l): l is number[] => l !== null);
      const top = zeroShotScores(
        logits,
        question.labels.map((l) => l.name),
        config.indices,
        false,
      )[0]!;
      expect(row.suggestion).toMatchObject({ labelId: question.labels[top.index]!.id, label: top.label });
      expect(Math.abs(row.suggestion!.score - top.score)).toBeLessThan(1e-4);
    }
    expect(await p.t.call('prelabel.status', { questionId: question.id })).toMatchObject({
      run: { id: run.id, status: 'done', modelSha256: (await p.t.call('model.current', {}))!.sha256 },
      documents: 50,
      scored: 50,
      stale: 0,
      truncated: truncatedCount,
    });
    // Without a question the rows carry no suggestion field at all.
    expect((await p.t.call('documents.list', { offset: 0, limit: 1 })).rows[0]).not.toHaveProperty('suggestion');
  });

  it('scores long documents in windows (multi-label): one row per window, the best window per label decides', async () => {
    const p = await open({ count: 12 });
    const maxLength = 32;
    p.engine.tuning.maxLength = maxLength;
    p.engine.tuning.windowOverlap = 4;
    const codebook = await setQuestions(p.t, [
      topicQuestion({
        name: 'Topics',
        multiLabel: true,
        longText: 'windows',
        labels: [{ name: 'sports' }, { name: 'business' }, { name: 'x', hypothesis: 'The text reports on a war or an election abroad.' }],
      }),
    ]);
    const question = codebook.questions[0]!;
    const { run, end } = await startAndFinish(p, question.id);
    expect(end.status).toBe('done');
    const rows = storedRows(p, run.id);
    const hyps = question.labels.map((l) => tok.tokenize(hypothesisFor(question, l)));
    const longest = hypothesisFor(question, question.labels[hyps.reduce((b, h, i) => (h.length > hyps[b]!.length ? i : b), 0)]!);
    let expectedRowCount = 0;
    let multiWindow = 0;
    for (const doc of p.documents) {
      // Windows as tokenizer.windows makes them for the longest hypothesis; every label shares them.
      const windows = tok.windows(doc.text, longest, maxLength, 4);
      if (windows.length > 1) multiWindow++;
      const premiseSpans = windows.map((w) => {
        const withoutSpecials = w.inputIds.slice(1, w.inputIds.length - tok.tokenize(longest).length - 3);
        return withoutSpecials;
      });
      const seqs = question.labels.flatMap((_l, k) => premiseSpans.map((span) => [0, ...span, 2, 2, ...hyps[k]!, 2]));
      const reference = await runLogits(session, seqs, tok.padId);
      const perLabel = question.labels.map((_l, k) => reference.slice(k * windows.length, (k + 1) * windows.length));
      question.labels.forEach((label, k) => {
        const stored = rows.filter((r) => r.document_id === doc.id && r.label_id === label.id);
        expect(stored.map((r) => r.window)).toEqual(windows.map((_w, i) => i));
        stored.forEach((r, w) => expect(Math.abs(r.entailment - perLabel[k]![w]![config.indices.entailment]!)).toBeLessThan(1e-4));
      });
      expectedRowCount += windows.length * question.labels.length;
      const aggregated = perLabel.map((w) => aggregateWindows(w, config.indices).logits);
      const top = zeroShotScores(
        aggregated,
        question.labels.map((l) => l.name),
        config.indices,
        true,
      )[0]!;
      const row = (await p.t.call('documents.list', { offset: p.documents.indexOf(doc), limit: 1, questionId: question.id })).rows[0]!;
      expect(row.suggestion?.label).toBe(top.label);
      expect(Math.abs(row.suggestion!.score - top.score)).toBeLessThan(1e-4);
    }
    expect(multiWindow).toBeGreaterThan(5);
    expect(rows).toHaveLength(expectedRowCount);
    const windowCounts = p.t.core.context
      .project!.db.prepare('SELECT sum(windows) FROM prediction_documents WHERE run_id = ?')
      .pluck()
      .get(run.id);
    expect(windowCounts).toBe(expectedRowCount / question.labels.length);
  });
});

describe('length look-ahead', () => {
  it('batches documents by tokens rather than bytes: less padding, the same logits, every document once', async () => {
    // Chinese has fewer tokens a byte than English here, so in the store's order (bytes) the two
    // interleave and every batch is padded to its longest pair.
    const chinese = [
      '今天的天气很好。',
      '经济增长放缓，央行决定下调利率以刺激投资和消费。',
      '这支球队在最后一分钟进球，赢得了冠军。',
      '科学家发现了一种新的细菌，可以分解塑料垃圾，这对环境保护有重要意义。',
      '议会今天通过了新的预算法案。',
      '新电影上映第一周票房突破十亿元，观众评价很高，导演表示非常感谢大家的支持。',
    ];
    const p = await open({ count: 30, extraTexts: chinese });
    p.engine.tuning.maxRows = 12;
    const [a, b] = (await setQuestions(p.t, [topicQuestion({ name: 'A' }), topicQuestion({ name: 'B' })])).questions;
    p.engine.tuning.lookahead = 1; // the store's order: shortest text (bytes) first
    const plain = await startAndFinish(p, a!.id);
    p.engine.tuning.lookahead = 256;
    const sorted = await startAndFinish(p, b!.id);
    expect(plain.end.status).toBe('done');
    expect(sorted.end.status).toBe('done');
    const s1 = p.engine.sessionStats(plain.run.id)!;
    const s2 = p.engine.sessionStats(sorted.run.id)!;
    expect(s2.pairs).toBe(36 * 4);
    expect(s2.tokens).toBe(s1.tokens);
    expect(s2.paddedTokens).toBeLessThan(s1.paddedTokens);
    expect(s2.batches).toBeGreaterThan(0);
    expect(s2.runMs).toBeGreaterThan(0);
    const names = (q: CodebookQuestion) => new Map(q.labels.map((l) => [l.id, l.name]));
    const key = (q: CodebookQuestion) => (r: StoredRow) => `${r.document_id} ${names(q).get(r.label_id)} ${r.window}`;
    const x = new Map(storedRows(p, plain.run.id).map((r) => [key(a!)(r), r]));
    const y = storedRows(p, sorted.run.id);
    expect(y).toHaveLength(x.size);
    for (const r of y) {
      const o = x.get(key(b!)(r))!;
      expect(Math.abs(o.entailment - r.entailment)).toBeLessThan(1e-5);
      expect(Math.abs(o.contradiction - r.contradiction)).toBeLessThan(1e-5);
    }
    expect(duplicatePredictions(p.t, sorted.run.modelInputHash)).toBe(0);
  });
});
