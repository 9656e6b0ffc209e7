// The CLI with the generated DeBERTa-v2 model: `prelabel nli` and `prelabel prelabel --model DIR`
// give the logits of the independent numpy reference (scripts/reference/deberta_reference.py).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from './cli-main';
import { useTempDir } from '../core/test-support/temp-dir';
import { writeAgNewsSubset } from '../core/nli/test-support/prelabel-project';
import { loadDebertaFixtures, makeDebertaTinyModel, type DebertaModel } from '../core/nli/test-support/deberta-model';
import { LOGIT_TOLERANCE, maxAbsDiff } from '../core/nli/test-support/tiny-model';

const fixtures = loadDebertaFixtures();
const tmp = useTempDir();
let model: DebertaModel;

beforeAll(() => {
  model = makeDebertaTinyModel(fixtures);
});
afterAll(() => model?.cleanup());

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Reference pairs the model scores whole (no truncation at 512 tokens). */
const whole = fixtures.pairs.filter((p) => p.maxLength === 512);
const order = Object.entries(fixtures.meta.label2id).sort((a, b) => a[1] - b[1]);

describe('prelabel CLI with a DeBERTa-v2 model', () => {
  beforeEach(() => {
    process.env.PRELABEL_HOME = join(tmp(), 'home');
  });

  it('nli gives the reference logits for a pair', async () => {
    const p = whole[0]!;
    const r = await run('nli', '--model', model.dir, '--premise', p.premise, '--hypothesis', p.hypothesis, '--json');
    expect(r.err).toBe('');
    const parsed = JSON.parse(r.out);
    expect(parsed).toMatchObject({ ok: true, model: 'tiny-deberta', truncated: false });
    expect(maxAbsDiff(parsed.logits, p.logits)).toBeLessThan(LOGIT_TOLERANCE);
  });

  it('prelabel stores the reference logits for every document and label', async () => {
    const dir = tmp();
    const project = join(dir, 'deberta.prelabel');
    const csv = join(dir, 'texts.csv');
    writeAgNewsSubset(csv, 0, [...new Set(whole.map((p) => p.premise))]);
    expect((await run('init', project)).code).toBe(0);
    expect((await run('import', project, csv, '--no-header', '--text-column', '2', '--text-column', '3')).code).toBe(0);
    const codebook = join(dir, 'codebook.json');
    writeFileSync(
      codebook,
      JSON.stringify({
        questions: [{ name: 'Topic', template: fixtures.meta.template, labels: fixtures.meta.labels.map((name) => ({ name })) }],
      }),
    );
    expect((await run('codebook', project, '--set', codebook)).code).toBe(0);
    const r = await run('prelabel', project, '--model', model.dir, '--threads', '1', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const db = new Database(project, { readonly: true });
    try {
      const rows = db
        .prepare(
          `SELECT d.text, l.name AS label, p.entailment, p.neutral, p.contradiction, r.model_id, r.model_sha256 FROM predictions p
           JOIN documents d ON d.id = p.document_id JOIN labels l ON l.id = p.label_id JOIN prelabel_runs r ON r.id = p.run_id`,
        )
        .all() as Array<Record<string, number | string>>;
      expect(rows).toHaveLength(whole.length);
      for (const p of whole) {
        const row = rows.find((x) => x.text === p.premise && x.label === p.label)!;
        expect(row).toMatchObject({ model_id: 'tiny-deberta', model_sha256: fixtures.meta.modelSha256 });
        expect(
          maxAbsDiff(
            order.map(([name]) => row[name] as number),
            p.logits,
          ),
        ).toBeLessThan(LOGIT_TOLERANCE);
      }
    } finally {
      db.close();
    }
  });
});
