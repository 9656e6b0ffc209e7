// Parity with transformers.js's zero-shot-classification pipeline on the tiny model (texts that need
// no truncation), and the one place where Prelabel deliberately differs: long texts.
// Everything is local: remote models are switched off before anything loads.
import { env, pipeline, AutoTokenizer, type ZeroShotClassificationPipeline } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NliTokenizer } from './tokenizer';
import { loadFixtures, makeTinyModel, SCORE_TOLERANCE, type TinyModel } from '../test-support/tiny-model';

env.allowRemoteModels = false;
env.allowLocalModels = true;
env.useBrowserCache = false;

// Belt and braces: any network request from the library fails the test instead of going out.
const realFetch = globalThis.fetch;
globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
  const url = String(input instanceof Request ? input.url : input);
  if (/^(https?|wss?):/i.test(url)) throw new Error(`network access attempted in a test: ${url}`);
  return realFetch(input, init);
}) as typeof fetch;

const fixtures = loadFixtures();
let model: TinyModel;
let classifier: ZeroShotClassificationPipeline;

beforeAll(async () => {
  model = makeTinyModel(fixtures);
  env.localModelPath = model.root;
  classifier = (await pipeline('zero-shot-classification', model.name, {
    dtype: 'fp32',
    local_files_only: true,
  })) as ZeroShotClassificationPipeline;
});
afterAll(async () => {
  await classifier?.dispose();
  model?.cleanup();
  globalThis.fetch = realFetch;
});

describe("transformers.js zero-shot pipeline agrees with Prelabel's reference scores", () => {
  for (const multi of [false, true]) {
    it.each(fixtures.zeroShot.map((z) => [z.name, z] as const))(`%s, multi_label ${multi}`, async (_n, z) => {
      const out = (await classifier(z.premise, z.labels, { hypothesis_template: z.template, multi_label: multi })) as {
        labels: string[];
        scores: number[];
      };
      const want = multi ? z.multi : z.single;
      expect(out.labels).toEqual(want.labels);
      out.scores.forEach((s, i) => expect(Math.abs(s - want.scores[i]!)).toBeLessThan(SCORE_TOLERANCE));
    });
  }
});

describe('on a long text, Prelabel keeps the hypothesis and transformers.js loses it', () => {
  it('transformers.js truncates the tail of the pair; encodePair cuts only the premise', async () => {
    const long = fixtures.pairs.find((p) => p.truncated && p.name === 'en-bbc')!;
    const maxLength = long.maxLength;
    const ours = NliTokenizer.fromModelDir(model.dir);
    const hyp = ours.tokenize(long.hypothesis);
    const tail = [2, ...hyp, 2];

    const theirTokenizer = await AutoTokenizer.from_pretrained(model.name, { local_files_only: true });
    const theirs = theirTokenizer(long.premise, { text_pair: long.hypothesis, truncation: true, max_length: maxLength });
    const theirIds = Array.from(theirs.input_ids.data as BigInt64Array, Number);

    expect(theirIds).toHaveLength(maxLength);
    expect(theirIds.slice(-tail.length)).not.toEqual(tail); // hypothesis and closing </s> are gone
    expect(theirIds.filter((id) => id === 2)).toEqual([]); // not even the first </s> survived

    const enc = ours.encodePair(long.premise, long.hypothesis, maxLength);
    expect(enc.inputIds).toHaveLength(maxLength);
    expect(enc.inputIds.slice(-tail.length)).toEqual(tail);
    expect(enc.truncated).toBe(true);
    // Up to the cut, both agree token for token: only the truncation strategy differs.
    expect(theirIds.slice(0, 20)).toEqual(enc.inputIds.slice(0, 20));
  });

  it('the pipeline itself (max 512 tokens) scores a document longer than 512 tokens without its hypothesis', async () => {
    const ours = NliTokenizer.fromModelDir(model.dir);
    const premise = Array(3)
      .fill(fixtures.pairs.find((p) => p.name === 'en-bbc')!.premise)
      .join(' ');
    const hypothesis = 'This example is economy.';
    const theirTokenizer = await AutoTokenizer.from_pretrained(model.name, { local_files_only: true });
    const theirs = theirTokenizer(premise, { text_pair: hypothesis, padding: true, truncation: true });
    const theirIds = Array.from(theirs.input_ids.data as BigInt64Array, Number);
    const hyp = ours.tokenize(hypothesis);
    expect(ours.tokenize(premise).length).toBeGreaterThan(512);
    expect(theirIds).toHaveLength(512);
    expect(theirIds.slice(-hyp.length - 1)).not.toEqual([...hyp, 2]);
    expect(ours.encodePair(premise, hypothesis, 512).inputIds.slice(-hyp.length - 1)).toEqual([...hyp, 2]);
  });
});
