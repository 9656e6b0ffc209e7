// The rows bench:nli can run (`--engines`): the three engines of issue 4 and each option of issue
// 18 on and off against the row it changes, and the model folder each row loads.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { rewriteAttention } from '../../../main/core/nli/graph/attention-rewrite';
import { rewriteSkipLayerNorm } from '../../../main/core/nli/graph/skip-layer-norm';
import { readModelFile, writeModelFile } from '../../../main/core/nli/precision/quantize/onnx-file';
import type { MatMulForm } from '../../../main/core/nli/precision/quantize/quantize-graph';
import {
  DEFAULT_FORM,
  DEFAULT_REWRITES,
  quantizeModelFile,
  type GraphRewrite,
} from '../../../main/core/nli/precision/quantize/quantize-model';
import { DEFAULT_TUNING } from '../../../main/core/nli/runs/run-tuning';

export interface RowSpec {
  name: string;
  kind: 'pipeline' | 'prelabel';
  precision: 'fp32' | 'int8';
  /** int8 only: the quantised MatMul form ([Note: int8 graph forms]). */
  form?: MatMulForm;
  /** Graph rewrites of the model the row loads. */
  rewrites: GraphRewrite[];
  /** 'fixed': the bench's --threads (default the physical cores); 'measured': the engine's own choice. */
  threadChoice: 'fixed' | 'measured';
  /** 'sample': the benchmark's distinct texts; 'repeats': the same with a seeded share copied. */
  texts: 'sample' | 'repeats';
  reuse: boolean;
  /** The row with this row's option the other way (the comparison of "on and off"). */
  base?: string;
  /** What differs from `base`, in words. */
  option?: string;
  label: string;
}

const toggle = (rewrites: readonly GraphRewrite[], r: GraphRewrite) =>
  rewrites.includes(r) ? rewrites.filter((x) => x !== r) : [...rewrites, r];
const REWRITE_WORDS: Record<GraphRewrite, string> = {
  attention: 'attention rewrite (MultiHeadAttention)',
  'skip-layer-norm': 'SkipLayerNormalization rewrite',
};

/** Every row, in report order. The app's defaults are the base rows `fp32` and `int8`. */
export function benchRows(): RowSpec[] {
  const common = { kind: 'prelabel' as const, threadChoice: 'fixed' as const, texts: 'sample' as const, reuse: DEFAULT_TUNING.reuse };
  const fp32: RowSpec = { ...common, name: 'fp32', precision: 'fp32', rewrites: [], label: 'Prelabel fp32' };
  const int8: RowSpec = {
    ...common,
    name: 'int8',
    precision: 'int8',
    form: DEFAULT_FORM,
    rewrites: [...DEFAULT_REWRITES],
    label: `Prelabel int8 (${DEFAULT_FORM}${DEFAULT_REWRITES.length ? ` + ${DEFAULT_REWRITES.join(' + ')}` : ''})`,
  };
  const rows: RowSpec[] = [
    { ...common, kind: 'pipeline', name: 'pipeline', precision: 'fp32', rewrites: [], label: 'transformers.js pipeline (fp32)' },
    fp32,
    int8,
  ];
  for (const base of [fp32, int8]) {
    for (const [suffix, r] of [
      ['attention', 'attention'],
      ['skip', 'skip-layer-norm'],
    ] as const) {
      const rewrites = toggle(base.rewrites, r);
      const on = rewrites.includes(r);
      rows.push({
        ...base,
        name: `${base.name}-${suffix}`,
        rewrites,
        base: base.name,
        option: REWRITE_WORDS[r],
        label: `${base.label}, ${REWRITE_WORDS[r]} ${on ? 'on' : 'off'}`,
      });
    }
  }
  const otherForm: MatMulForm = DEFAULT_FORM === 'dynamic-quantize-matmul' ? 'matmul-integer' : 'dynamic-quantize-matmul';
  rows.push({
    ...int8,
    name: 'int8-form',
    form: otherForm,
    base: 'int8',
    option: `int8 form ${otherForm} instead of ${DEFAULT_FORM}`,
    label: `Prelabel int8 (${otherForm})`,
  });
  for (const base of [fp32, int8]) {
    rows.push({
      ...base,
      name: `${base.name}-threads`,
      threadChoice: 'measured',
      base: base.name,
      option: 'threads by measurement instead of the physical cores',
      label: `${base.label}, threads by measurement`,
    });
  }
  rows.push(
    { ...fp32, name: 'fp32-reuse-off', texts: 'repeats', reuse: false, label: 'Prelabel fp32, texts with repeats, reuse off' },
    {
      ...fp32,
      name: 'fp32-reuse-on',
      texts: 'repeats',
      reuse: true,
      base: 'fp32-reuse-off',
      option: 'reuse of identical inputs (texts with repeats)',
      label: 'Prelabel fp32, texts with repeats, reuse on',
    },
  );
  return rows;
}

/** `--engines`: row names, or `all`, or `base` (pipeline, fp32, int8). */
export function selectRows(spec: string): RowSpec[] {
  const all = benchRows();
  const names = spec
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const wanted = new Set<string>();
  for (const n of names) {
    if (n === 'all') all.forEach((r) => wanted.add(r.name));
    else if (n === 'base') ['pipeline', 'fp32', 'int8'].forEach((r) => wanted.add(r));
    else if (all.some((r) => r.name === n)) wanted.add(n);
    else throw new Error(`--engines: unknown row "${n}" (all, base, ${all.map((r) => r.name).join(', ')})`);
  }
  if (wanted.size === 0) throw new Error('--engines: no row named');
  return all.filter((r) => wanted.has(r.name));
}

/** Folder name of a row's model: rows with the same precision, form and rewrites share one. */
export function modelKey(row: RowSpec): string {
  const parts: string[] = [row.precision];
  if (row.precision === 'int8') parts.push(row.form ?? DEFAULT_FORM);
  if (row.rewrites.length) parts.push(row.rewrites.join('+'));
  return parts.join('-');
}

function copyModelFiles(fp32Dir: string, target: string): void {
  mkdirSync(join(target, 'onnx'), { recursive: true });
  for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json']) {
    if (existsSync(join(fp32Dir, f))) copyFileSync(join(fp32Dir, f), join(target, f));
  }
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

/**
 * A model folder for `row` made from the fp32 folder (same tokenizer and config): the fp32 model
 * itself, the fp32 model after the row's rewrites, or Prelabel's int8 quantisation of it.
 */
export function rowModelFolder(fp32Dir: string, target: string, row: RowSpec): { dir: string; note: string } {
  if (row.precision === 'fp32' && row.rewrites.length === 0) return { dir: fp32Dir, note: 'the fp32 model as generated' };
  copyModelFiles(fp32Dir, target);
  const source = join(fp32Dir, 'onnx', 'model.onnx');
  const out = join(target, 'onnx', 'model.onnx');
  const started = performance.now();
  if (row.precision === 'fp32') {
    const { model } = readModelFile(source);
    const done: string[] = [];
    if (row.rewrites.includes('attention')) done.push(`attention layers fused ${rewriteAttention(model).layersFused}`);
    if (row.rewrites.includes('skip-layer-norm')) done.push(`SkipLayerNormalization ${rewriteSkipLayerNorm(model).fused}`);
    writeModelFile(out, model);
    return { dir: target, note: `fp32, ${done.join(', ')}, in ${((performance.now() - started) / 1000).toFixed(1)} s` };
  }
  const r = quantizeModelFile(source, out, { form: row.form, rewrites: row.rewrites });
  return {
    dir: target,
    note: `${r.matmulsConverted} MatMuls (${r.form}), attention layers fused ${r.rewritten.attentionLayers}, SkipLayerNormalization ${r.rewritten.skipLayerNorms}, embedding ${r.embedding ? 'int8' : 'fp32'}, ${mb(r.inputBytes)} -> ${mb(r.outputBytes)} in ${(r.milliseconds / 1000).toFixed(1)} s`,
  };
}
