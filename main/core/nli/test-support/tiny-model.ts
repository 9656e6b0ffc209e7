// Test support: the generated tiny model (made once per test process in a temp folder) and the
// committed reference fixtures from scripts/reference/make_fixtures.py.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeModel, sha256File } from '../../../../scripts/model/gen/make-model';

export interface PairFixture {
  name: string;
  premise: string;
  hypothesis: string;
  maxLength: number;
  premiseTokens: number;
  truncated: boolean;
  inputIds: number[];
  logits: number[];
}

export interface ScoredFixture {
  labels: string[];
  scores: number[];
}

export interface ReferenceFixtures {
  meta: {
    modelSha256: string;
    label2id: Record<string, number>;
    entailmentIndex: number;
    contradictionIndex: number;
    template: string;
    longMaxLength: number;
  };
  tokenization: Array<{ text: string; ids: number[] }>;
  pairs: PairFixture[];
  batches: Array<{ name: string; members: string[]; inputIds: number[][]; attentionMask: number[][]; logits: number[][] }>;
  zeroShot: Array<{
    name: string;
    premise: string;
    labels: string[];
    template: string;
    hypotheses: string[];
    logits: number[][];
    single: ScoredFixture;
    multi: ScoredFixture;
  }>;
  windows: Array<{
    name: string;
    premise: string;
    maxLength: number;
    stride: number;
    labels: Array<{ label: string; hypothesis: string; windows: Array<{ start: number; inputIds: number[]; logits: number[] }> }>;
  }>;
}

export const FIXTURE_PATH = fileURLToPath(new URL('../__fixtures__/reference.json', import.meta.url));

export function loadFixtures(): ReferenceFixtures {
  return JSON.parse(readFileSync(FIXTURE_PATH, 'utf8')) as ReferenceFixtures;
}

export interface TinyModel {
  /** The parent folder (transformers.js's localModelPath) and the model's folder name inside it. */
  root: string;
  name: string;
  dir: string;
  cleanup: () => void;
}

/** Generates the tiny model and refuses to go on if it is not the model the fixtures were made from. */
export function makeTinyModel(fixtures: ReferenceFixtures): TinyModel {
  const root = mkdtempSync(join(tmpdir(), 'prelabel-tiny-'));
  const name = 'tiny-xlmr';
  const made = makeModel({ size: 'tiny', outDir: join(root, name) });
  const hash = sha256File(made.onnxPath);
  if (hash !== fixtures.meta.modelSha256) {
    throw new Error(
      `The generated tiny model (sha256 ${hash}) is not the one the fixtures were made from (${fixtures.meta.modelSha256}). ` +
        'The generator changed: regenerate the fixtures (scripts/reference/make_fixtures.py, see its header).',
    );
  }
  return { root, name, dir: made.dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** The parity tolerances of issue 3: logits within 1e-4 of the torch reference, scores within 1e-5. */
export const LOGIT_TOLERANCE = 1e-4;
export const SCORE_TOLERANCE = 1e-5;
