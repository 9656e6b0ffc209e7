// Test support: the generated tiny DeBERTa-v2 model (made in a temp folder) and the committed
// reference from scripts/reference/deberta_reference.py (SentencePiece ids, type ids, numpy logits).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDebertaModel } from '../../../../scripts/model/gen/deberta-model';
import { sha256File } from '../../../../scripts/model/gen/make-model';

export interface DebertaPairFixture {
  name: string;
  label: string;
  premise: string;
  hypothesis: string;
  maxLength: number;
  premiseTokens: number;
  truncated: boolean;
  inputIds: number[];
  tokenTypeIds: number[];
  logits: number[];
}

export interface DebertaFixtures {
  meta: { modelSha256: string; label2id: Record<string, number>; template: string; labels: string[] };
  pairs: DebertaPairFixture[];
  batch: { inputIds: number[][]; attentionMask: number[][]; tokenTypeIds: number[][]; logits: number[][] };
  zeroTypeIds: { name: string; label: string; logits: number[] };
  /** The long text in a run's windows (every label with the longest hypothesis's premise budget). */
  windows: {
    premise: string;
    maxLength: number;
    overlap: number;
    labels: Array<{ label: string; windows: Array<{ start: number; inputIds: number[]; tokenTypeIds: number[]; logits: number[] }> }>;
  };
}

export const DEBERTA_FIXTURE_PATH = fileURLToPath(new URL('../__fixtures__/deberta-reference.json', import.meta.url));

export function loadDebertaFixtures(): DebertaFixtures {
  return JSON.parse(readFileSync(DEBERTA_FIXTURE_PATH, 'utf8')) as DebertaFixtures;
}

export interface DebertaModel {
  dir: string;
  cleanup: () => void;
}

/** Generates the tiny DeBERTa model and refuses to go on if it is not the one the fixture was made from. */
export function makeDebertaTinyModel(fixtures: DebertaFixtures): DebertaModel {
  const root = mkdtempSync(join(tmpdir(), 'prelabel-deberta-'));
  const made = makeDebertaModel({ outDir: join(root, 'tiny-deberta') });
  const hash = sha256File(made.onnxPath);
  if (hash !== fixtures.meta.modelSha256) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(
      `The generated DeBERTa model (sha256 ${hash}) is not the one the fixture was made from (${fixtures.meta.modelSha256}). ` +
        'The generator changed: regenerate the fixture (scripts/reference/deberta_reference.py, see its header).',
    );
  }
  return { dir: made.dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
