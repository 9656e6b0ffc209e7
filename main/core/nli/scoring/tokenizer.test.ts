// The tokenizer against SentencePiece's own ids (fixtures from scripts/reference/make_fixtures.py).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NliTokenizer, padBatch } from './tokenizer';
import { loadFixtures, makeTinyModel, type TinyModel } from '../test-support/tiny-model';

const fixtures = loadFixtures();
let model: TinyModel;
let tok: NliTokenizer;

beforeAll(() => {
  model = makeTinyModel(fixtures);
  tok = NliTokenizer.fromModelDir(model.dir);
});
afterAll(() => model?.cleanup());

describe('NliTokenizer reproduces SentencePiece', () => {
  it.each(fixtures.tokenization.map((t) => [JSON.stringify(t.text).slice(0, 60), t] as const))('ids of %s', (_name, t) => {
    expect(tok.tokenize(t.text)).toEqual(t.ids);
  });

  // MODEL.md's vector ("How are you doing?" -> [0, 11249, 621, 398, 20594, 32, 2]) needs the real
  // 250k XLM-R vocabulary, which cannot be downloaded here (the tiny vocabulary gives other ids).
  // Where the real model folder exists, PRELABEL_REAL_MODEL_DIR points at it and this runs.
  const realDir = process.env.PRELABEL_REAL_MODEL_DIR;
  it.skipIf(!realDir)(
    'encodes the known XLM-R vector with the real vocabulary (skipped: PRELABEL_REAL_MODEL_DIR is not set; the real model cannot be downloaded here)',
    () => {
      const real = NliTokenizer.fromModelDir(realDir!);
      expect([0, ...real.tokenize('How are you doing?'), 2]).toEqual([0, 11249, 621, 398, 20594, 32, 2]);
    },
  );
});

describe('encodePair', () => {
  it.each(fixtures.pairs.map((p) => [`${p.name} / ${p.hypothesis} / max ${p.maxLength}`, p] as const))(
    'matches the reference for %s',
    (_n, p) => {
      const enc = tok.encodePair(p.premise, p.hypothesis, p.maxLength);
      expect(enc.inputIds).toEqual(p.inputIds);
      expect(enc.premiseTokens).toBe(p.premiseTokens);
      expect(enc.truncated).toBe(p.truncated);
    },
  );

  it('cuts only the premise: the hypothesis and the closing </s> always survive', () => {
    const long = fixtures.pairs.find((p) => p.truncated)!;
    const hyp = tok.tokenize(long.hypothesis);
    const enc = tok.encodePair(long.premise, long.hypothesis, 40);
    expect(enc.inputIds).toHaveLength(40);
    expect(enc.inputIds.slice(-hyp.length - 3)).toEqual([2, 2, ...hyp, 2]);
    expect(enc.inputIds[0]).toBe(0);
  });

  it('refuses a hypothesis that leaves no room for the text', () => {
    expect(() => tok.encodePair('text', 'a b c d e f g h i j', 8)).toThrow(/leaves no room/);
  });
});

describe('windows', () => {
  for (const doc of fixtures.windows) {
    it(`reproduces the reference windows of ${doc.name}`, () => {
      for (const l of doc.labels) {
        const got = tok.windows(doc.premise, l.hypothesis, doc.maxLength, doc.stride);
        expect(got).toEqual(l.windows.map((w) => ({ start: w.start, inputIds: w.inputIds })));
      }
    });
  }

  it('covers every premise token and overlaps consecutive windows by the stride', () => {
    const doc = fixtures.windows[0]!;
    const hyp = doc.labels[0]!.hypothesis;
    const premise = tok.tokenize(doc.premise);
    const wins = tok.windows(doc.premise, hyp, doc.maxLength, doc.stride);
    const budget = doc.maxLength - tok.tokenize(hyp).length - 4;
    expect(wins.length).toBeGreaterThan(1);
    for (let i = 1; i < wins.length; i++) expect(wins[i]!.start - wins[i - 1]!.start).toBe(budget - doc.stride);
    expect(wins.at(-1)!.start + budget).toBeGreaterThanOrEqual(premise.length);
    expect(tok.windows('short text', hyp, doc.maxLength, doc.stride)).toHaveLength(1);
  });
});

describe('padBatch', () => {
  it.each(fixtures.batches.map((b) => [b.name, b] as const))('pads %s with id 1 and mask 0 exactly as the reference', (_n, b) => {
    const seqs = b.inputIds.map((row, i) =>
      row.slice(
        0,
        b.attentionMask[i]!.reduce((a, m) => a + m, 0),
      ),
    );
    const padded = padBatch(seqs, tok.padId);
    expect(tok.padId).toBe(1);
    expect(Array.from(padded.inputIds, Number)).toEqual(b.inputIds.flat());
    expect(Array.from(padded.attentionMask, Number)).toEqual(b.attentionMask.flat());
    expect([padded.batch, padded.sequence]).toEqual([b.inputIds.length, b.inputIds[0]!.length]);
  });
});

describe('refusing broken tokenizer files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'prelabel-badtok-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the missing tokenizer.json', () => {
    expect(() => NliTokenizer.fromModelDir(dir)).toThrow(/tokenizer\.json: cannot read/);
  });
  it('names a corrupt tokenizer.json', () => {
    writeFileSync(join(dir, 'tokenizer.json'), '{"version": "1.0", "model": {');
    expect(() => NliTokenizer.fromModelDir(dir)).toThrow(/tokenizer\.json: not valid JSON/);
  });
  it('names a tokenizer.json without a pair layout', () => {
    writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify({ model: { type: 'Unigram', vocab: [['<unk>', 0]], unk_id: 0 } }));
    expect(() => NliTokenizer.fromModelDir(dir)).toThrow(/tokenizer\.json: has no post_processor/);
  });
});
