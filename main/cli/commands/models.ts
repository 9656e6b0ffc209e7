// `prelabel models`: list the model folders, add one copied from another machine, or download the
// default model from the Hugging Face hub. The download is the only thing in Prelabel that uses the
// network, and it runs only after a "yes" on the terminal or an explicit --yes.
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { PrelabelError } from '../../../common/contract';
import { megabytes, ModelDownloadError } from '../../core/models/download-errors';
import type { DownloadProgress } from '../../core/models/download-progress';
import { downloadModel } from '../../core/models/model-download';
import { addModelFolder, listModelFolders, listUnfinishedDownloads, modelsDir, type ModelFolderInfo, type UnfinishedDownload } from '../../core/models/model-folders';
import { hubBaseUrl, manifestBytes, resolveManifest } from '../../core/models/model-manifest';
import { positional, progressLine, stringFlag, type Command, type CommandArgs } from '../command';

/** How the CLI asks for consent; replaced in tests. */
export const consentPrompt = {
  interactive(): boolean {
    return Boolean(process.stdin.isTTY && process.stderr.isTTY);
  },
  async ask(question: string): Promise<boolean> {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return /^(y|yes)$/i.test((await rl.question(question)).trim());
    } finally {
      rl.close();
    }
  },
};

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

export function progressText(p: DownloadProgress): string {
  if (p.phase === 'verifying') return `Checking ${p.file} (${p.fileIndex + 1}/${p.fileCount})`;
  const speed = p.bytesPerSecond ? `  ${megabytes(p.bytesPerSecond)}/s` : '';
  const eta = p.etaSeconds !== null && p.phase === 'downloading' ? `  ${clock(p.etaSeconds)} left` : '';
  return `${megabytes(p.bytes)} of ${megabytes(p.total)}${speed}${eta}  ${p.file} (${p.fileIndex + 1}/${p.fileCount})`;
}

async function download(args: CommandArgs): Promise<number> {
  const manifest = resolveManifest();
  const base = hubBaseUrl();
  const dest = resolve(stringFlag(args, 'dir') ?? join(modelsDir(dataDirOf(args)), manifest.id));
  const size = megabytes(manifestBytes(manifest));
  const host = new URL(base).host;
  if (args.values.yes !== true) {
    if (args.json || !consentPrompt.interactive()) {
      throw new ModelDownloadError(
        'no-consent',
        `downloading the model needs your consent: it fetches ${size} from ${host}. Run this on a terminal to be asked, or add --yes. Nothing was downloaded.`,
      );
    }
    const yes = await consentPrompt.ask(`Download ${size} from ${host} (${manifest.repo}) into ${dest}? [y/N] `);
    if (!yes) throw new ModelDownloadError('no-consent', 'you declined the download. Nothing was downloaded.');
  }
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const model = await downloadModel({
      consent: true,
      manifest,
      destDir: dest,
      baseUrl: base,
      signal: controller.signal,
      proxy: stringFlag(args, 'proxy'),
      onProgress: (p) => progressLine(args, progressText(p), p.phase === 'done'),
    });
    if (args.json) args.io.out(JSON.stringify({ ok: true, model }));
    else {
      const bytes = model.files.reduce((sum, f) => sum + f.size, 0);
      args.io.out(`Downloaded ${model.repo} (revision ${model.revision.slice(0, 7)}) into ${model.dir}: ${model.files.length} files, ${megabytes(bytes)}, every checksum verified.`);
    }
    return 0;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}

/** The data folder of this run: --data-dir, else PRELABEL_HOME, else the app data folder. */
const dataDirOf = (args: CommandArgs) => args.core.context.config.dataDir;

/** What state a model is in, in words a person can act on. */
export function modelState(m: ModelFolderInfo): string {
  if (m.missing) return 'folder not found (moved, or on a disk that is not connected)';
  if (m.missingFiles.length) {
    const files = m.missingFiles.join(', ');
    return `missing ${m.missingFiles.length === 1 ? 'file' : 'files'} ${files}: ${m.source === 'downloaded' ? 'run "prelabel models download" to repair it' : 'add the whole model folder again'}`;
  }
  if (m.source === 'downloaded') return 'downloaded and verified'; // only a verified download is listed
  if (m.source === 'bundled') return 'comes with Prelabel';
  return 'added folder, not a downloaded copy (its files stay where they are)';
}

function describeFolder(m: ModelFolderInfo): string {
  return `  ${m.id}  ${m.source}  ${m.missing ? '-' : megabytes(m.sizeBytes)}  ${modelState(m)}\n      ${m.path}`;
}

function describeUnfinished(d: UnfinishedDownload): string {
  return `  ${d.id}  ${megabytes(d.bytes)} so far  incomplete download: "prelabel models download" continues it\n      ${d.path}`;
}

function list(args: CommandArgs): number {
  const dataDir = dataDirOf(args);
  const models = listModelFolders({ dataDir });
  const unfinished = listUnfinishedDownloads(dataDir);
  if (args.json) args.io.out(JSON.stringify({ ok: true, models: models.map((m) => ({ ...m, state: modelState(m) })), unfinishedDownloads: unfinished }));
  else {
    const lines: string[] = [];
    if (models.length) lines.push('Models:', ...models.map(describeFolder));
    else {
      lines.push(
        `No models yet in ${dataDir}. Run "prelabel models download" to get the default model (it asks first), or "prelabel models add DIR" for a model folder copied from another machine.`,
      );
    }
    if (unfinished.length) lines.push('Unfinished downloads (not models yet):', ...unfinished.map(describeUnfinished));
    args.io.out(lines.join('\n'));
  }
  return 0;
}

function add(args: CommandArgs): number {
  const dir = positional(args, 1, 'the model folder (prelabel models add DIR)');
  const result = addModelFolder(dataDirOf(args), dir);
  if (args.json) args.io.out(JSON.stringify({ ok: true, folder: result }));
  else args.io.out(result.added ? `Added ${result.path}: config.json, tokenizer.json and onnx/model.onnx are there.` : `${result.path} was already added.`);
  return 0;
}

export const modelsCommand: Command = {
  usage: 'models list | add DIR | download [--yes] [--dir DIR] [--proxy URL]',
  summary:
    'list the model folders, add a model folder copied from another machine, or download the default model from the Hugging Face hub (asks first; --yes to agree in a script; proxy from --proxy or HTTPS_PROXY)',
  options: {
    yes: { type: 'boolean', short: 'y' },
    dir: { type: 'string' },
    proxy: { type: 'string' },
  },
  async run(args) {
    const action = positional(args, 0, 'what to do: list, add DIR or download');
    if (action === 'list') return list(args);
    if (action === 'add') return add(args);
    if (action === 'download') return download(args);
    throw new PrelabelError('INVALID_INPUT', `unknown action "${action}": use list, add DIR or download.`);
  },
};
