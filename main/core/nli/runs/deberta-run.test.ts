// A pre-label run with a DeBERTa-v2 model (the generated one, hub layout, token_type_ids input)
// through the core's contract: every stored logit equals the independent numpy reference
// (scripts/reference/deberta_reference.py) for the same texts and hypotheses, and the run is marked
// with the DeBERTa model's id, SHA-256 and model-input hash, not the XLM-R model's.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hypothesisFor } from '../../codebook/hypotheses';
import { useTempDir } from '../../test-support/temp-dir';
import { loadDebertaFixtures, makeDebertaTinyModel, type DebertaModel } from '../test-support/deberta-model';
import { prelabelProject, runEnd, setQuestions, type PrelabelProject } from '../test-support/prelabel-project';
import { LOGIT_TOLERANCE, loadFixtures, makeTinyModel, maxAbsDiff, type TinyModel } from '../test-support/tiny-model';

const fixtures = loadDebertaFixtures();
const tmp = useTempDir();
let deberta: DebertaModel;
let xlmr: TinyModel;
let project: PrelabelProject | null = null;

beforeAll(() => {
  deberta = makeDebertaTinyModel(fixtures);
  xlmr = makeTinyModel(loadFixtures());
});
afterAll(() => {
  deberta?.cleanup();
  xlmr?.cleanup();
});
afterEach(async () => {
  await project?.close();
  project = null;
});

const texts = [...new Set(fixtures.pairs.map((p) => p.premise))];

async function run(p: PrelabelProject, questionId: string) {
  const info = await p.t.call('prelabel.start', { questionId, priorityDocumentIds: [] });
  expect(await runEnd(p.t, info.id)).toMatchObject({ status: 'done', done: texts.length, total: texts.length });
  return info;
}

/** Stored logits of a run in the model's id order (label2id), by document text and label name. */
function storedLogits(p: PrelabelProject, runId: string): Map<string, number[]> {
  const rows = p.t.core.context
    .project!.db.prepare(
      `SELECT d.text, l.name AS label, p.entailment, p.neutral, p.contradiction FROM predictions p
       JOIN documents d ON d.id = p.document_id JOIN labels l ON l.id = p.label_id WHERE p.run_id = ? AND p.window = 0`,
    )
    .all(runId) as Array<{ text: string; label: string; entailment: number; neutral: number; contradiction: number }>;
  const byName: Record<string, 'entailment' | 'neutral' | 'contradiction'> = {
    entailment: 'entailment',
    neutral: 'neutral',
    contradiction: 'contradiction',
  };
  const order = Object.entries(fixtures.meta.label2id).sort((a, b) => a[1] - b[1]);
  return new Map(rows.map((r) => [`${r.text}\u0000${r.label}`, order.map(([name]) => r[byName[name]!])]));
}

describe('a pre-label run with the generated DeBERTa-v2 model', () => {
  it('stores the numpy reference logits for every document and label, with the premise cut only where the reference cuts it', async () => {
    // One project per length: each run is its project's first.
    for (const maxLength of [...new Set(fixtures.pairs.map((x) => x.maxLength))]) {
      await project?.close();
      const dir = join(tmp(), `max-${maxLength}`);
      mkdirSync(dir);
      const p = (project = await prelabelProject(dir, { count: 0, extraTexts: texts, modelDir: deberta.dir }));
      expect(p.documents.map((d) => d.text).sort()).toEqual([...texts].sort());
      const model = await p.t.call('model.current', {});
      expect(model).toMatchObject({ inputs: ['input_ids', 'attention_mask', 'token_type_ids'], maxLength: 512 });
      expect(model!.labels).toEqual({ entailment: 2, neutral: 0, contradiction: 1 });
      const codebook = await setQuestions(p.t, [
        { name: 'Topic', template: fixtures.meta.template, labels: fixtures.meta.labels.map((name) => ({ name })) },
      ]);
      const question = codebook.questions[0]!;
      for (const l of question.labels) expect(fixtures.pairs.some((x) => x.hypothesis === hypothesisFor(question, l))).toBe(true);
      p.engine.tuning.maxLength = maxLength;
      const info = await run(p, question.id);
      const stored = storedLogits(p, info.id);
      expect(stored.size).toBe(texts.length * question.labels.length);
      const expected = fixtures.pairs.filter((x) => x.maxLength === maxLength);
      expect(expected.length).toBeGreaterThan(0);
      for (const x of expected) {
        const got = stored.get(`${x.premise}\u0000${x.label}`)!;
        expect(maxAbsDiff(got, x.logits), `${x.name} / ${x.label} at ${maxLength}: ${got} vs ${x.logits}`).toBeLessThan(LOGIT_TOLERANCE);
      }
      const truncated = p.t.core.context
        .project!.db.prepare(
          'SELECT d.text FROM prediction_documents pd JOIN documents d ON d.id = pd.document_id WHERE pd.run_id = ? AND pd.truncated = 1',
        )
        .pluck()
        .all(info.id);
      // From the reference's token counts: a text is cut where premise + hypothesis + 3 specials exceed the length.
      const hypothesisTokens = new Map(
        fixtures.pairs.filter((x) => !x.truncated).map((x) => [x.label, x.inputIds.length - x.premiseTokens - 3]),
      );
      const cut = fixtures.pairs.filter((x) => x.premiseTokens + hypothesisTokens.get(x.label)! + 3 > maxLength).map((x) => x.premise);
      expect(truncated.sort()).toEqual([...new Set(cut)].sort());
      if (maxLength < 512) expect(truncated.length).toBeGreaterThan(0);
    }
  });

  it('scores a long text in windows with the reference logits of every window and label (type ids per window)', async () => {
    const w = fixtures.windows;
    const p = (project = await prelabelProject(tmp(), { count: 0, extraTexts: [w.premise], modelDir: deberta.dir }));
    p.engine.tuning.maxLength = w.maxLength;
    p.engine.tuning.windowOverlap = w.overlap;
    const codebook = await setQuestions(p.t, [
      { name: 'Topic', template: fixtures.meta.template, longText: 'windows', labels: fixtures.meta.labels.map((name) => ({ name })) },
    ]);
    const info = await p.t.call('prelabel.start', { questionId: codebook.questions[0]!.id, priorityDocumentIds: [] });
    expect(await runEnd(p.t, info.id)).toMatchObject({ status: 'done', done: 1, total: 1 });
    const order = Object.entries(fixtures.meta.label2id).sort((a, b) => a[1] - b[1]);
    const rows = p.t.core.context
      .project!.db.prepare(
        `SELECT l.name AS label, p.window, p.entailment, p.neutral, p.contradiction FROM predictions p
         JOIN labels l ON l.id = p.label_id WHERE p.run_id = ? ORDER BY l.name, p.window`,
      )
      .all(info.id) as Array<Record<string, number | string>>;
    expect(rows).toHaveLength(w.labels.reduce((a, l) => a + l.windows.length, 0));
    for (const l of w.labels) {
      const stored = rows.filter((r) => r.label === l.label);
      expect(stored.map((r) => r.window)).toEqual(l.windows.map((_x, i) => i));
      l.windows.forEach((x, i) =>
        expect(
          maxAbsDiff(
            order.map(([name]) => stored[i]![name] as number),
            x.logits,
          ),
          `${l.label} window ${i}`,
        ).toBeLessThan(LOGIT_TOLERANCE),
      );
    }
  });

  it("marks its runs with the DeBERTa model's id, SHA-256 and model-input hash, unlike the XLM-R model's runs of the same codebook", async () => {
    const p = (project = await prelabelProject(tmp(), { count: 0, extraTexts: texts, modelDir: deberta.dir }));
    const codebook = await setQuestions(p.t, [
      { name: 'Topic', template: fixtures.meta.template, labels: fixtures.meta.labels.map((name) => ({ name })) },
    ]);
    const question = codebook.questions[0]!;
    const a = await run(p, question.id);
    await p.t.call('model.select', { path: xlmr.dir });
    const b = await run(p, question.id);
    // The generated config's _name_or_path is no hub id, so the folder names the model.
    expect(a.modelId).toBe('tiny-deberta');
    expect(b.modelId).toBe('tiny-xlmr');
    expect(a.modelSha256).toBe(fixtures.meta.modelSha256);
    expect(b.modelSha256).not.toBe(a.modelSha256);
    expect(b.modelInputHash).not.toBe(a.modelInputHash);
  });
});
