// config.json checks: each broken model folder is refused with a message naming the file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelConfig, parseModelConfig } from './model-config';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'prelabel-config-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadModelConfig', () => {
  it('names a missing config.json', () => {
    expect(() => loadModelConfig(dir)).toThrow(/config\.json: cannot read the model's config\.json \(ENOENT\)/);
  });
  it('names a corrupt config.json', () => {
    writeFileSync(join(dir, 'config.json'), '{"label2id": {');
    expect(() => loadModelConfig(dir)).toThrow(/config\.json: not valid JSON/);
  });
  it('refuses a config without entailment, naming the file and the labels it has', () => {
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ label2id: { LABEL_0: 0, LABEL_1: 1 } }));
    expect(() => loadModelConfig(dir)).toThrow(
      new RegExp(`${join(dir, 'config.json')}: label2id has no entailment class \\(labels: LABEL_0, LABEL_1\\)`),
    );
  });
  it("reads the real model's layout", () => {
    const c = parseModelConfig({ model_type: 'xlm-roberta', pad_token_id: 1, label2id: { entailment: 0, neutral: 1, contradiction: 2 } });
    expect(c.id2label).toEqual(['entailment', 'neutral', 'contradiction']);
    expect(c.indices).toEqual({ entailment: 0, neutral: 1, contradiction: 2 });
    expect(c.padTokenId).toBe(1);
  });
  it('refuses a non-integer pad id and a missing label2id', () => {
    expect(() => parseModelConfig({ label2id: { entailment: 0, contradiction: 1 }, pad_token_id: '1' })).toThrow(/pad_token_id/);
    expect(() => parseModelConfig({})).toThrow(/config\.json: label2id is missing/);
  });
});
