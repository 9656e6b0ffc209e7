// The NLI tokenizer: tokenizer.json through @huggingface/tokenizers, with Prelabel's own pair
// assembly so that only the premise is ever truncated (MODEL.md: "only_first"; transformers.js cuts
// the pair's tail instead and loses the hypothesis on long documents).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { PrelabelError } from '../../../../common/contract';
import { useFastUnigram } from './unigram-lattice';

export interface PairEncoding {
  inputIds: number[];
  /** The post-processor's type ids (DeBERTa, BERT: 0 up to the first separator, 1 after); absent
   * when the template has none (XLM-R: every type id 0). */
  tokenTypeIds?: number[];
  /** Premise length in tokens before truncation (no special tokens). */
  premiseTokens: number;
  truncated: boolean;
}

export interface PairWindow {
  /** First premise token of this window. */
  start: number;
  inputIds: number[];
  /** As PairEncoding's. */
  tokenTypeIds?: number[];
}

/** ids = prefix + premise + middle + hypothesis + suffix; XLM-R: <s> A </s></s> B </s>. */
export interface PairTemplate {
  prefix: number[];
  middle: number[];
  suffix: number[];
  /** The type id of each part, from the post-processor; absent when every type id is 0 (XLM-R). */
  typeIds?: PairTypeIds;
}

/** Type ids of a pair's parts: DeBERTa-v3's "[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1" gives prefix [0],
 * premise 0, middle [0], hypothesis 1, suffix [1]. */
export interface PairTypeIds {
  prefix: number[];
  premise: number;
  middle: number[];
  hypothesis: number;
  suffix: number[];
}

/** The token type ids of a pair with `premise` and `hypothesis` tokens (all 0 without typeIds). */
export function pairTypeIds(template: PairTemplate, premise: number, hypothesis: number): number[] {
  const t = template.typeIds;
  const length = template.prefix.length + premise + template.middle.length + hypothesis + template.suffix.length;
  if (!t) return new Array<number>(length).fill(0);
  return [
    ...t.prefix,
    ...new Array<number>(premise).fill(t.premise),
    ...t.middle,
    ...new Array<number>(hypothesis).fill(t.hypothesis),
    ...t.suffix,
  ];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads the pair layout from tokenizer.json's post-processor, so the special ids are the tokenizer's own. */
export function pairTemplateOf(tokenizerJson: Json, source = 'tokenizer.json'): PairTemplate {
  const bad = (why: string) => new PrelabelError('BAD_FILE', `${source}: ${why}`);
  let pp = tokenizerJson.post_processor;
  if (isObject(pp) && pp.type === 'Sequence' && Array.isArray(pp.processors)) {
    pp = (pp.processors as unknown[]).find(
      (p) => isObject(p) && ['TemplateProcessing', 'RobertaProcessing', 'BertProcessing'].includes(p.type as string),
    );
  }
  if (!isObject(pp)) throw bad('has no post_processor, so the layout of premise/hypothesis pairs is unknown.');
  const idOf = (pair: unknown, what: string): number => {
    if (!Array.isArray(pair) || !Number.isInteger(pair[1])) throw bad(`post_processor.${what} is not a [token, id] pair.`);
    return pair[1] as number;
  };
  if (pp.type === 'RobertaProcessing' || pp.type === 'BertProcessing') {
    const cls = idOf(pp.cls, 'cls');
    const sep = idOf(pp.sep, 'sep');
    if (pp.type === 'RobertaProcessing') return { prefix: [cls], middle: [sep, sep], suffix: [sep] };
    // BertProcessing: [CLS] A [SEP] with type 0, B [SEP] with type 1.
    return { prefix: [cls], middle: [sep], suffix: [sep], typeIds: { prefix: [0], premise: 0, middle: [0], hypothesis: 1, suffix: [1] } };
  }
  if (pp.type !== 'TemplateProcessing' || !Array.isArray(pp.pair) || !isObject(pp.special_tokens)) {
    throw bad(`post_processor type ${JSON.stringify(pp.type)} is not supported for sentence pairs.`);
  }
  const specials = pp.special_tokens;
  const parts: number[][] = [[]];
  const partTypes: number[][] = [[]];
  const sequenceTypes: number[] = [];
  const typeOf = (entry: Json, what: string): number => {
    const t = entry.type_id ?? 0;
    if (!Number.isInteger(t) || (t as number) < 0) throw bad(`post_processor ${what} has type_id ${JSON.stringify(t)}, not a type id.`);
    return t as number;
  };
  for (const item of pp.pair as unknown[]) {
    if (isObject(item) && isObject(item.Sequence)) {
      const expected = parts.length === 1 ? 'A' : 'B';
      if (item.Sequence.id !== expected || parts.length > 2) throw bad('post_processor pair template must hold $A then $B, once each.');
      sequenceTypes.push(typeOf(item.Sequence, `$${expected}`));
      parts.push([]);
      partTypes.push([]);
    } else if (isObject(item) && isObject(item.SpecialToken)) {
      const special = specials[item.SpecialToken.id as string];
      if (!isObject(special) || !Array.isArray(special.ids))
        throw bad(`post_processor names special token ${JSON.stringify(item.SpecialToken.id)} without ids.`);
      const type = typeOf(item.SpecialToken, JSON.stringify(item.SpecialToken.id));
      parts[parts.length - 1]!.push(...(special.ids as number[]));
      partTypes[partTypes.length - 1]!.push(...(special.ids as number[]).map(() => type));
    } else {
      throw bad('post_processor pair template has an item that is neither a sequence nor a special token.');
    }
  }
  if (parts.length !== 3) throw bad('post_processor pair template must hold $A then $B, once each.');
  const template: PairTemplate = { prefix: parts[0]!, middle: parts[1]!, suffix: parts[2]! };
  if (sequenceTypes.some((t) => t !== 0) || partTypes.some((p) => p.some((t) => t !== 0))) {
    template.typeIds = {
      prefix: partTypes[0]!,
      premise: sequenceTypes[0]!,
      middle: partTypes[1]!,
      hypothesis: sequenceTypes[1]!,
      suffix: partTypes[2]!,
    };
  }
  return template;
}

export class NliTokenizer {
  readonly specialCount: number;

  private constructor(
    private readonly tok: Tokenizer,
    readonly template: PairTemplate,
    /** The tokenizer's pad id (XLM-R: 1); the graph derives position ids from it. */
    readonly padId: number,
  ) {
    this.specialCount = template.prefix.length + template.middle.length + template.suffix.length;
  }

  /** Builds from parsed tokenizer.json (and tokenizer_config.json) content; `source` names the file in errors. */
  static fromJson(tokenizerJson: unknown, tokenizerConfig: unknown = {}, source = 'tokenizer.json'): NliTokenizer {
    if (!isObject(tokenizerJson) || !isObject(tokenizerJson.model)) {
      throw new PrelabelError('BAD_FILE', `${source}: not a tokenizers JSON file (no "model" section).`);
    }
    const template = pairTemplateOf(tokenizerJson, source);
    let tok: Tokenizer;
    try {
      tok = new Tokenizer(tokenizerJson, isObject(tokenizerConfig) ? tokenizerConfig : {});
    } catch (err) {
      throw new PrelabelError('BAD_FILE', `${source}: the tokenizer could not be built (${(err as Error).message}).`);
    }
    // The same pieces as the library's Unigram search, several times faster ([Note: fast Unigram segmentation]).
    useFastUnigram((tok as unknown as { model: unknown }).model);
    const config = isObject(tokenizerConfig) ? tokenizerConfig : {};
    // pad_token is a string or an AddedToken object ({content}); files that omit it (DeBERTa-v3's
    // tokenizer_config.json may hold only do_lower_case and vocab_type) pad with <pad> or [PAD].
    const declared =
      typeof config.pad_token === 'string' ? config.pad_token : isObject(config.pad_token) ? config.pad_token.content : undefined;
    const candidates = typeof declared === 'string' ? [declared] : ['<pad>', '[PAD]'];
    const padToken = candidates.find((c) => tok.token_to_id(c) !== undefined) ?? candidates[0]!;
    const padId = tok.token_to_id(padToken);
    if (padId === undefined) throw new PrelabelError('BAD_FILE', `${source}: has no padding token "${padToken}".`);
    return new NliTokenizer(tok, template, padId);
  }

  /** Loads tokenizer.json (and tokenizer_config.json when present) from a model folder. */
  static fromModelDir(modelDir: string): NliTokenizer {
    const path = join(modelDir, 'tokenizer.json');
    const readJson = (file: string): unknown => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new PrelabelError('BAD_FILE', `${file}: cannot read the tokenizer file (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
      }
      try {
        return JSON.parse(text);
      } catch {
        throw new PrelabelError('BAD_FILE', `${file}: not valid JSON; the model folder may be incomplete or corrupt.`);
      }
    };
    const configPath = join(modelDir, 'tokenizer_config.json');
    return NliTokenizer.fromJson(readJson(path), existsSync(configPath) ? readJson(configPath) : {}, path);
  }

  /** Token ids of a text without special tokens. */
  tokenize(text: string): number[] {
    return this.tok.encode(text, { add_special_tokens: false }).ids;
  }

  private assemble(premise: number[], hypothesis: number[]): number[] {
    const { prefix, middle, suffix } = this.template;
    return [...prefix, ...premise, ...middle, ...hypothesis, ...suffix];
  }

  private typesOf(premise: number, hypothesis: number): { tokenTypeIds?: number[] } {
    return this.template.typeIds ? { tokenTypeIds: pairTypeIds(this.template, premise, hypothesis) } : {};
  }

  /** Premise tokens that fit beside the hypothesis; refuses a hypothesis that leaves no room. */
  private budget(hypothesisTokens: number, maxLength: number): number {
    const budget = maxLength - hypothesisTokens - this.specialCount;
    if (budget < 1) {
      throw new PrelabelError(
        'INVALID_INPUT',
        `The hypothesis is ${hypothesisTokens} tokens long and leaves no room for the text within ${maxLength} tokens; shorten it.`,
      );
    }
    return budget;
  }

  /** The model's pair layout (XLM-R `<s> premise </s></s> hypothesis </s>`, DeBERTa `[CLS] premise [SEP] hypothesis [SEP]`),
   * cutting only the premise so the hypothesis always survives. */
  encodePair(premise: string, hypothesis: string, maxLength: number): PairEncoding {
    const p = this.tokenize(premise);
    const h = this.tokenize(hypothesis);
    const budget = this.budget(h.length, maxLength);
    const kept = Math.min(p.length, budget);
    return {
      inputIds: this.assemble(p.slice(0, budget), h),
      ...this.typesOf(kept, h.length),
      premiseTokens: p.length,
      truncated: p.length > budget,
    };
  }

  /**
   * Overlapping windows over a long premise, each paired with the hypothesis: every premise token
   * is in at least one window; consecutive windows share `stride` tokens, so a sentence cut at one
   * window's edge is seen whole in the next.
   */
  windows(premise: string, hypothesis: string, maxLength: number, stride: number): PairWindow[] {
    const p = this.tokenize(premise);
    const h = this.tokenize(hypothesis);
    const budget = this.budget(h.length, maxLength);
    if (!Number.isInteger(stride) || stride < 0 || stride >= budget) {
      throw new PrelabelError(
        'INVALID_INPUT',
        `The window overlap (${stride} tokens) must be at least 0 and less than the ${budget} text tokens a window holds.`,
      );
    }
    const window = (start: number): PairWindow => {
      const part = p.slice(start, start + budget);
      return { start, inputIds: this.assemble(part, h), ...this.typesOf(part.length, h.length) };
    };
    const out: PairWindow[] = [window(0)];
    const step = budget - stride;
    for (let start = step; out[out.length - 1]!.start + budget < p.length; start += step) out.push(window(start));
    return out;
  }
}

export interface PaddedBatch {
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  /** Present when type ids were given (padding has type 0); the inference process feeds zeros without. */
  tokenTypeIds?: BigInt64Array;
  batch: number;
  sequence: number;
}

/**
 * Right-pads sequences to the longest with `padId` and mask 0. The graph computes position ids from
 * input_ids (`ids != pad`), so the pad id must be the model's (XLM-R: 1). `typeIds`, one row per
 * sequence of the same length, become token_type_ids (padded with 0).
 */
export function padBatch(seqs: ReadonlyArray<readonly number[]>, padId = 1, typeIds?: ReadonlyArray<readonly number[]>): PaddedBatch {
  const batch = seqs.length;
  const sequence = Math.max(0, ...seqs.map((s) => s.length));
  const inputIds = new BigInt64Array(batch * sequence).fill(BigInt(padId));
  const attentionMask = new BigInt64Array(batch * sequence);
  const tokenTypeIds = typeIds ? new BigInt64Array(batch * sequence) : undefined;
  seqs.forEach((s, b) => {
    const types = typeIds?.[b];
    if (typeIds && types?.length !== s.length) throw new Error(`padBatch: row ${b} has ${s.length} ids but ${types?.length ?? 0} type ids`);
    for (let i = 0; i < s.length; i++) {
      inputIds[b * sequence + i] = BigInt(s[i]!);
      attentionMask[b * sequence + i] = 1n;
      if (tokenTypeIds) tokenTypeIds[b * sequence + i] = BigInt(types![i]!);
    }
  });
  return { inputIds, attentionMask, ...(tokenTypeIds ? { tokenTypeIds } : {}), batch, sequence };
}
