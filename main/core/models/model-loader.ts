// Loads and validates an NLI model folder in the Hugging Face hub layout (config.json,
// tokenizer.json, optional tokenizer_config.json, onnx/model.onnx). Every refusal names the file
// and says what is wrong with it. The ONNX file is opened in the inference process, never here.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { PrelabelError, type ModelInfo } from '../../../common/contract';
import { InferenceCrashedError, type InferenceClient, type SessionInfo } from '../nli/inference/inference-client';
import { parseModelConfig, type NliModelConfig } from './model-config';
import { sha256Cached } from './model-hash';
import { NliTokenizer } from '../nli/scoring/tokenizer';

export const DEFAULT_MAX_LENGTH = 512;
const REQUIRED_FILES = ['config.json', 'tokenizer.json', join('onnx', 'model.onnx')];
const KNOWN_INPUTS = ['input_ids', 'attention_mask', 'token_type_ids'];

export interface LoadedModel {
  info: ModelInfo;
  dir: string;
  onnxPath: string;
  config: NliModelConfig;
  tokenizer: NliTokenizer;
  /** The graph output that holds the logits. */
  outputName: string;
  size: number;
  mtimeMs: number;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const bad = (message: string) => new PrelabelError('BAD_FILE', message);

function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw bad(`${path}: cannot read ${what} (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw bad(`${path}: not valid JSON, so ${what} is damaged or incomplete. Download the model folder again.`);
  }
}

/** The folder must exist and hold every required file; all missing ones are named at once. */
function checkFolder(dir: string): void {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new PrelabelError('NOT_FOUND', `${dir}: no such folder. Choose the model's folder (the one that holds config.json).`);
  }
  if (!isDir) throw bad(`${dir} is a file: choose the model's folder, the one that holds config.json, tokenizer.json and onnx/model.onnx.`);
  const missing = REQUIRED_FILES.filter((f) => !existsSync(join(dir, f)));
  if (missing.length === 1) {
    throw bad(
      `${join(dir, missing[0]!)} is missing: a model folder holds config.json, tokenizer.json and onnx/model.onnx (the Hugging Face hub layout). Download the missing file from the model's repository.`,
    );
  }
  if (missing.length > 1) {
    throw bad(
      `${dir}: not a complete model folder; missing ${missing.join(', ')}. A model folder holds config.json, tokenizer.json and onnx/model.onnx (the Hugging Face hub layout).`,
    );
  }
}

/** Tokens in tokenizer.json's vocabulary (model vocab plus added tokens), or null if unknown. */
function tokenizerVocabSize(raw: Json): number | null {
  if (!isObject(raw.model)) return null;
  const vocab = raw.model.vocab;
  let size = Array.isArray(vocab) ? vocab.length : isObject(vocab) ? Object.keys(vocab).length : null;
  if (size === null) return null;
  for (const t of Array.isArray(raw.added_tokens) ? raw.added_tokens : []) {
    if (isObject(t) && Number.isInteger(t.id)) size = Math.max(size, (t.id as number) + 1);
  }
  return size;
}

/** The longest sequence the model takes: tokenizer_config.json's model_max_length, never more
 * than the position table allows (XLM-R: 514 positions, 2 taken by the padding offset). */
function maxLengthOf(tokenizerConfig: Json, rawConfig: Json): number {
  const declared = tokenizerConfig.model_max_length;
  // Some exports write a huge placeholder (1e30) meaning "no limit".
  let max =
    typeof declared === 'number' && Number.isInteger(declared) && declared > 8 && declared <= 1_000_000 ? declared : DEFAULT_MAX_LENGTH;
  const positions = rawConfig.max_position_embeddings;
  if (typeof positions === 'number' && Number.isInteger(positions)) {
    const offset = String(rawConfig.model_type ?? '').includes('roberta') ? 2 : 0;
    max = Math.min(max, positions - offset);
  }
  return max;
}

function modelIdOf(rawConfig: Json, dir: string): string {
  const name = rawConfig._name_or_path;
  // A hub id ("owner/name") names the model for people; a local path or a bare name does not.
  if (typeof name === 'string' && /^[\w.-]+\/[\w.-]+$/.test(name)) return name;
  return basename(dir);
}

/** Checks the graph's inputs and output against what Prelabel feeds and reads; returns the output name. */
export function checkGraph(session: SessionInfo, onnxPath: string, classes: number): string {
  const names = session.inputs.map((i) => i.name);
  const unknown = names.filter((n) => !KNOWN_INPUTS.includes(n));
  const absent = ['input_ids', 'attention_mask'].filter((n) => !names.includes(n));
  if (unknown.length > 0 || absent.length > 0) {
    throw bad(
      `${onnxPath}: the model's inputs (${names.join(', ') || 'none'}) do not fit: Prelabel feeds input_ids and attention_mask (and token_type_ids when a model asks for it)` +
        `${absent.length ? `; missing ${absent.join(', ')}` : ''}${unknown.length ? `; unknown ${unknown.join(', ')}` : ''}. ` +
        'Use an ONNX export of a sequence-classification (NLI) model.',
    );
  }
  for (const input of session.inputs) {
    if (input.type !== 'int64')
      throw bad(`${onnxPath}: the input ${input.name} is ${input.type ?? 'not a tensor'}, not int64; Prelabel feeds int64 token ids.`);
  }
  const output = session.outputs.find((o) => o.name === 'logits') ?? session.outputs[0];
  if (!output || output.type !== 'float32') throw bad(`${onnxPath}: the model has no float32 output for the class logits.`);
  const last = output.shape[output.shape.length - 1];
  if (output.shape.length !== 2 || (typeof last === 'number' && last !== classes)) {
    throw bad(
      `${onnxPath}: the output ${output.name} has shape [${output.shape.join(', ')}], but config.json's label2id lists ${classes} classes: expected [batch, ${classes}]. The ONNX file and config.json come from different models.`,
    );
  }
  return output.name;
}

/**
 * A graph that takes token_type_ids gets the pair template's type ids (DeBERTa, BERT: 1 for the
 * hypothesis); config.json's type_vocab_size must have room for them, or onnxruntime would fail on
 * the first batch (an index out of its token-type table).
 */
export function checkTypeIds(session: SessionInfo, tokenizer: NliTokenizer, config: NliModelConfig, tokenizerPath: string): void {
  const t = tokenizer.template.typeIds;
  if (!t || config.typeVocabSize === undefined || !session.inputs.some((i) => i.name === 'token_type_ids')) return;
  const highest = Math.max(...t.prefix, t.premise, ...t.middle, t.hypothesis, ...t.suffix);
  if (highest >= config.typeVocabSize) {
    throw bad(
      `${tokenizerPath}: the pair template gives token type id ${highest}, but ${config.path} has type_vocab_size ${config.typeVocabSize}: the tokenizer and the model come from different models.`,
    );
  }
}

function onnxLoadError(onnxPath: string, err: unknown): PrelabelError {
  if (err instanceof PrelabelError) return err;
  const reason =
    err instanceof InferenceCrashedError ? 'onnxruntime crashed while reading it' : `onnxruntime cannot load it: ${(err as Error).message}`;
  return bad(
    `${onnxPath}: the model file is damaged or incomplete (${reason}). Download onnx/model.onnx again from the model's repository (an interrupted download leaves a truncated file).`,
  );
}

export interface LoadOptions {
  client: InferenceClient;
  dataDir: string;
  threads: number;
  /** Another ONNX file of the same model (its int8 variant) instead of onnx/model.onnx. */
  onnxFile?: { path: string; precision: 'int8' };
}

/** Validates a model folder and loads its ONNX file into the inference process once. */
export async function loadModel(folder: string, opts: LoadOptions): Promise<LoadedModel> {
  const dir = resolve(folder);
  checkFolder(dir);
  const configPath = join(dir, 'config.json');
  const rawConfig = readJsonFile(configPath, "the model's config.json");
  const config = parseModelConfig(rawConfig, configPath);

  const tokenizerPath = join(dir, 'tokenizer.json');
  const rawTokenizer = readJsonFile(tokenizerPath, 'the tokenizer');
  const tokenizerConfigPath = join(dir, 'tokenizer_config.json');
  const tokenizerConfig = existsSync(tokenizerConfigPath) ? readJsonFile(tokenizerConfigPath, 'the tokenizer settings') : {};
  if (!isObject(tokenizerConfig)) throw bad(`${tokenizerConfigPath}: expected a JSON object.`);
  const tokenizer = NliTokenizer.fromJson(rawTokenizer, tokenizerConfig, tokenizerPath);
  try {
    tokenizer.tokenize('How are you doing?');
  } catch (err) {
    throw bad(`${tokenizerPath}: the tokenizer fails on a plain sentence (${(err as Error).message}); the file is damaged.`);
  }
  const vocab = tokenizerVocabSize(rawTokenizer as Json);
  const configVocab = (rawConfig as Json).vocab_size;
  if (vocab !== null && typeof configVocab === 'number' && vocab > configVocab) {
    throw bad(
      `${tokenizerPath}: the tokenizer has ${vocab} tokens but config.json's vocab_size is ${configVocab}: the two files come from different models.`,
    );
  }
  if (tokenizer.padId !== config.padTokenId) {
    throw bad(
      `${tokenizerPath}: pads with token id ${tokenizer.padId}, but config.json's pad_token_id is ${config.padTokenId}; the graph derives positions from the pad id, so they must agree.`,
    );
  }

  const onnxPath = opts.onnxFile ? resolve(opts.onnxFile.path) : join(dir, 'onnx', 'model.onnx');
  const stat = statSync(onnxPath);
  if (stat.size === 0) throw bad(`${onnxPath}: the file is empty. Download onnx/model.onnx again from the model's repository.`);
  const [sha256, session] = await Promise.all([
    sha256Cached(onnxPath, opts.dataDir),
    opts.client.load(onnxPath, opts.threads).catch((err: unknown) => {
      throw onnxLoadError(onnxPath, err);
    }),
  ]);
  const outputName = checkGraph(session, onnxPath, config.id2label.length);
  checkTypeIds(session, tokenizer, config, tokenizerPath);
  const maxLength = maxLengthOf(tokenizerConfig, rawConfig as Json);
  return {
    info: {
      id: modelIdOf(rawConfig as Json, dir),
      path: dir,
      sha256,
      labels: {
        entailment: config.indices.entailment,
        neutral: config.indices.neutral ?? null,
        contradiction: config.indices.contradiction,
      },
      inputs: session.inputs.map((i) => i.name),
      maxLength,
      sizeBytes: stat.size,
      ...(opts.onnxFile ? { precision: opts.onnxFile.precision } : {}),
    },
    dir,
    onnxPath,
    config,
    tokenizer,
    outputName,
    size: stat.size,
    mtimeMs: stat.mtimeMs,
  };
}
