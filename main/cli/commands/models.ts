// `prelabel models`: list the model folders, add one copied from another machine, or download the
// default model from the Hugging Face hub. The download is the only thing in Prelabel that uses the
// network, and it runs only after a "yes" on the terminal or an explicit --yes.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { PrelabelError, type ModelDownloadProgress, type ModelFolder, type UnfinishedDownload } from '../../../common/contract';
import { megabytes } from '../../../common/units';
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

export function progressText(p: Omit<ModelDownloadProgress, 'jobId' | 'kind'>): string {
  if (p.phase === 'verifying') return `Checking ${p.file} (${p.fileIndex + 1}/${p.fileCount})`;
  const speed = p.bytesPerSecond ? `  ${megabytes(p.bytesPerSecond)}/s` : '';
  const eta = p.etaSeconds !== null && p.phase === 'downloading' ? `  ${clock(p.etaSeconds)} left` : '';
  return `${megabytes(p.bytes)} of ${megabytes(p.total)}${speed}${eta}  ${p.file} (${p.fileIndex + 1}/${p.fileCount})`;
}

async function download(args: CommandArgs): Promise<number> {
  const dirFlag = stringFlag(args, 'dir');
  const where = dirFlag === undefined ? {} : { dir: resolve(dirFlag) };
  // What would be fetched, from where, into which folder: no network use yet.
  const offer = await args.call('models.downloadOffer', where);
  const size = megabytes(offer.totalBytes);
  if (args.values.yes !== true) {
    if (args.json || !consentPrompt.interactive()) {
      throw new PrelabelError(
        'FORBIDDEN',
        `downloading the model needs your consent: it fetches ${size} from ${offer.host}. Run this on a terminal to be asked, or add --yes. Nothing was downloaded.`,
      );
    }
    const yes = await consentPrompt.ask(`Download ${size} from ${offer.host} (${offer.repo}) into ${offer.destDir}? [y/N] `);
    if (!yes) throw new PrelabelError('FORBIDDEN', 'you declined the download. Nothing was downloaded.');
  }
  const jobId = randomUUID();
  // Ctrl+C stops the download; what it fetched is kept for the next one to continue from.
  const onInterrupt = () => void args.call('job.cancel', { jobId }).catch(() => {});
  process.once('SIGINT', onInterrupt);
  const off = args.on('job:progress', (p) => {
    if (p.kind === 'download' && p.jobId === jobId) progressLine(args, progressText(p), p.phase === 'done');
  });
  try {
    const proxy = stringFlag(args, 'proxy');
    // The CLI only downloads: the app's active model stays as it is.
    await args.call('models.download', { consent: true, jobId, ...where, ...(proxy !== undefined ? { proxy } : {}), activate: false });
    const done = await args.jobDone(jobId, 'download');
    if (done.status !== 'done' || !done.result)
      throw new PrelabelError(done.error?.code ?? 'INTERNAL', done.error?.message ?? `download ${done.status}.`);
    const model = done.result.model;
    if (args.json) args.io.out(JSON.stringify({ ok: true, model }));
    else {
      const bytes = model.files.reduce((sum, f) => sum + f.size, 0);
      args.io.out(
        `Downloaded ${model.repo} (revision ${model.revision.slice(0, 7)}) into ${model.dir}: ${model.files.length} files, ${megabytes(bytes)}, every checksum verified.`,
      );
    }
    return 0;
  } finally {
    off();
    process.removeListener('SIGINT', onInterrupt);
  }
}

/** What state a model is in, in words a person can act on. */
export function modelState(m: ModelFolder): string {
  if (m.missing) return 'folder not found (moved, or on a disk that is not connected)';
  if (m.missingFiles.length) {
    const files = m.missingFiles.join(', ');
    return `missing ${m.missingFiles.length === 1 ? 'file' : 'files'} ${files}: ${m.source === 'downloaded' ? 'run "prelabel models download" to repair it' : 'add the whole model folder again'}`;
  }
  if (m.source === 'downloaded') return 'downloaded and verified'; // only a verified download is listed
  if (m.source === 'bundled') return 'comes with Prelabel';
  return 'added folder, not a downloaded copy (its files stay where they are)';
}

function describeFolder(m: ModelFolder): string {
  return `  ${m.id}  ${m.source}  ${m.missing ? '-' : megabytes(m.sizeBytes)}  ${modelState(m)}\n      ${m.path}`;
}

function describeUnfinished(d: UnfinishedDownload): string {
  return `  ${d.id}  ${megabytes(d.bytes)} so far  incomplete download: "prelabel models download" continues it\n      ${d.path}`;
}

async function list(args: CommandArgs): Promise<number> {
  const { models, unfinishedDownloads: unfinished, dataDir } = await args.call('models.folders', {});
  if (args.json)
    args.io.out(JSON.stringify({ ok: true, models: models.map((m) => ({ ...m, state: modelState(m) })), unfinishedDownloads: unfinished }));
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

async function add(args: CommandArgs): Promise<number> {
  const dir = positional(args, 1, 'the model folder (prelabel models add DIR)');
  const result = await args.call('models.addFolder', { path: resolve(dir) });
  if (args.json) args.io.out(JSON.stringify({ ok: true, folder: result }));
  else
    args.io.out(
      result.added
        ? `Added ${result.path}: config.json, tokenizer.json and onnx/model.onnx are there.`
        : `${result.path} was already added.`,
    );
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
