// The Models screen end to end, with no project open: model folders added (a broken one refused
// with the core's sentence naming config.json), the model card, switching the active model,
// removing a model after asking (an added folder forgotten with its files kept, a downloaded copy
// deleted); and the consented download of the generated tiny model from a local stand-in for the
// hub: the consent step names host, size and folder, progress shows bytes, speed and the file,
// Cancel keeps the partial files out of the list and the next download resumes them, the model
// ends up active and usable. A wrong checksum and an unreachable hub end with the core's message
// and no model in the list.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test as base, expect } from './fixtures';
import { startLocalHub, megabytes, type LocalHub, type LocalHubOptions } from './support/local-hub';
import { makeTinyModel, modelWithoutEntailment } from './support/nli';
import { shoot } from './support/screens';

let modelsDir: string;
let modelDir: string;

base.beforeAll(() => {
  modelsDir = mkdtempSync(join(tmpdir(), 'prelabel-e2e-models-'));
  modelDir = makeTinyModel(join(modelsDir, 'prelabel-tiny'));
});

base.afterAll(() => {
  rmSync(modelsDir, { recursive: true, force: true });
});

function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((n, name) => {
    const p = join(dir, name);
    return n + (statSync(p).isDirectory() ? folderBytes(p) : statSync(p).size);
  }, 0);
}

async function openModels(page: Page) {
  await page.getByTestId('nav-models').click();
  await expect(page.getByTestId('screen-models')).toBeVisible();
}

const entry = (page: Page, path: string) => page.locator(`[data-testid=model-entry][data-path="${path}"]`);

base('adds model folders, refuses a broken one, shows the model card and switches the active model', async ({ app: page }) => {
  await openModels(page);
  await expect(page.getByTestId('models-empty')).toBeVisible();
  await expect(page.getByTestId('model-none')).toBeVisible();

  // A folder whose config.json names no entailment class, and one that is not there.
  const broken = modelWithoutEntailment(modelDir, join(modelsDir, 'no-entailment'));
  await page.getByTestId('model-folder').fill(broken);
  await page.getByTestId('model-add').click();
  const error = page.getByTestId('model-add-error');
  await expect(error).toContainText('config.json');
  await expect(error).toContainText('entailment');
  await expect(error).not.toContainText(/\bat \S+:\d+/); // no stack trace
  await expect(page.getByTestId('models-empty')).toBeVisible();
  await page.getByTestId('model-folder').fill(join(modelsDir, 'missing'));
  await page.getByTestId('model-folder').press('Enter');
  await expect(error).toContainText('no such folder');

  // The tiny model: listed as an added folder, active, with its size; no card, so no claims.
  await page.getByTestId('model-folder').fill(modelDir);
  await page.getByTestId('model-add').click();
  await expect(page.getByTestId('models-notice')).toHaveText(/prelabel-tiny was added and is now the active model\./);
  await expect(error).toHaveCount(0);
  const tiny = entry(page, modelDir);
  await expect(tiny.getByTestId('model-entry-id')).toHaveText('prelabel-tiny');
  await expect(tiny.getByTestId('model-entry-active')).toHaveText('Active');
  await expect(tiny.getByTestId('model-entry-source')).toHaveText('Added folder');
  await expect(tiny.getByTestId('model-entry-size')).toHaveText(megabytes(folderBytes(modelDir)));
  await expect(tiny.getByTestId('model-entry-use')).toHaveCount(0);
  await expect(page.getByTestId('model-id')).toHaveText('prelabel-tiny');
  await expect(page.getByTestId('model-path-shown')).toHaveText(modelDir);
  await expect(page.getByTestId('model-card-none')).toBeVisible();

  // A folder named like the default model gets its model card: languages, accuracy, notes.
  const known = join(modelsDir, 'multilingual-MiniLMv2-L6-mnli-xnli');
  cpSync(modelDir, known, { recursive: true });
  await page.getByTestId('model-folder').fill(known);
  await page.getByTestId('model-add').click();
  await expect(entry(page, known).getByTestId('model-entry-active')).toBeVisible();
  await expect(tiny.getByTestId('model-entry-active')).toHaveCount(0);
  await expect(page.getByTestId('model-card-languages')).toContainText('15 languages');
  const accuracy = page.getByTestId('model-accuracy');
  await expect(accuracy.getByTestId('accuracy-row')).toHaveCount(15);
  await expect(accuracy.locator('[data-language=de]')).toHaveText(/German \(de\)\s*71\.9%/);
  await expect(accuracy.getByTestId('accuracy-average')).toHaveText(/Average\s*71\.3%/);
  await expect(page.getByTestId('model-card-notes')).toContainText('mDeBERTa');

  // Back to the tiny model with "Use this model", by keyboard.
  await tiny.getByRole('button', { name: 'Use this model: prelabel-tiny' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('models-notice')).toHaveText(/prelabel-tiny is now the active model\./);
  await expect(tiny.getByTestId('model-entry-active')).toBeVisible();
  await expect(page.getByTestId('model-id')).toHaveText('prelabel-tiny');

  // The model is the app's, not a project's: the list survives a reload.
  await entry(page, known).getByTestId('model-entry-use').click();
  await expect(entry(page, known).getByTestId('model-entry-active')).toBeVisible();
  await page.reload();
  await openModels(page);
  await expect(page.getByTestId('model-entry')).toHaveCount(2);
  await expect(entry(page, known).getByTestId('model-entry-active')).toBeVisible();
  await page.getByTestId('models-screen').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shoot(page, 'models', { height: 1420 });
});

base(
  'issue 10: removes a model after asking: an added folder is forgotten (files kept), a downloaded copy deleted',
  async ({ app: page, server }) => {
    // A copy of the tiny model as a finished download in the server's data folder, and an added folder.
    const downloaded = join(server.dataDir, 'models', 'tiny-download');
    cpSync(modelDir, downloaded, { recursive: true });
    writeFileSync(join(downloaded, 'prelabel-model.json'), '{}\n');
    const added = join(modelsDir, 'to-forget');
    cpSync(modelDir, added, { recursive: true });
    await openModels(page);
    await page.getByTestId('model-folder').fill(added);
    await page.getByTestId('model-add').click();
    const forget = entry(page, added);
    await expect(forget.getByTestId('model-entry-active')).toBeVisible();
    await expect(entry(page, downloaded).getByTestId('model-entry-source')).toHaveText('Downloaded');

    // The question says what happens to the files; Escape keeps the model and returns to the button.
    const forgetButton = forget.getByRole('button', { name: 'Remove from list: to-forget' });
    await forgetButton.click();
    const confirm = forget.getByTestId('model-remove-confirm');
    await expect(confirm.getByTestId('model-remove-text')).toHaveText(
      `Remove to-forget from the list? Prelabel forgets this folder; its files stay in ${added}.`,
    );
    await expect(confirm.getByTestId('model-remove-active')).toHaveText(
      'It is the active model: another model on this machine becomes active, or none.',
    );
    await expect(confirm.getByTestId('model-remove-cancel')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(confirm).toHaveCount(0);
    await expect(forgetButton).toBeFocused();

    // Forgotten: gone from the list, its files where they were, the downloaded copy active instead.
    await forgetButton.click();
    await confirm.getByTestId('model-remove-yes').click();
    await expect(page.getByTestId('models-notice')).toContainText(
      'to-forget was removed from the list. Its folder was left as it is. tiny-download is now the active model.',
    );
    await expect(forget).toHaveCount(0);
    expect(existsSync(join(added, 'onnx', 'model.onnx'))).toBe(true);
    await expect(entry(page, downloaded).getByTestId('model-entry-active')).toBeVisible();
    await expect(page.getByTestId('model-id')).toHaveText('tiny-download');

    // Deleted: the downloaded copy leaves the disk, and no model is active any more.
    const copy = entry(page, downloaded);
    await copy.getByRole('button', { name: 'Delete the downloaded copy: tiny-download' }).click();
    await expect(copy.getByTestId('model-remove-text')).toHaveText(
      `Delete tiny-download? Its downloaded copy in ${downloaded} (${megabytes(folderBytes(downloaded))}) is deleted from this machine. You can download it again later.`,
    );
    await copy.getByTestId('model-remove-yes').click();
    await expect(page.getByTestId('models-notice')).toContainText(
      'tiny-download was deleted from this machine. No model is active now: choose one below, download the default model or add a model folder.',
    );
    await expect(page.getByTestId('models-empty')).toBeVisible();
    await expect(page.getByTestId('model-none')).toBeVisible();
    expect(existsSync(downloaded)).toBe(false);
  },
);

// ---- Downloads from a local stand-in for the hub ----

const test = base.extend<{ hubOptions: LocalHubOptions; hub: LocalHub }>({
  hubOptions: [{}, { option: true }],
  hub: async ({ hubOptions }, use, testInfo) => {
    const dir = testInfo.outputPath('hub');
    mkdirSync(dir, { recursive: true });
    const hub = await startLocalHub(modelDir, dir, hubOptions);
    await use(hub);
    await hub.close();
  },
  serverEnv: async ({ hub }, use) => use(hub.env),
});

test('downloads the tiny model with consent, progress, cancel and resume, and uses it', async ({
  app: page,
  hub,
  server,
  networkGuard,
}) => {
  const destDir = join(server.dataDir, 'models', 'tiny-nli');
  await openModels(page);
  await expect(page.getByTestId('models-empty')).toBeVisible();

  // The consent step says what, from where, how much and where to; nothing is fetched before it.
  await page.getByTestId('download-start').click();
  const consent = page.getByTestId('download-consent');
  await expect(consent).toBeFocused();
  await expect(page.getByTestId('download-consent-text')).toHaveText(
    `Prelabel will download ${hub.repo} (revision ${hub.revision.slice(0, 7)}) from ${hub.host}: about ${megabytes(hub.totalBytes)} into ${destDir}. ` +
      'Your documents are not sent anywhere; this is the only time Prelabel uses the internet.',
  );
  // Escape (or Cancel) says no: still nothing fetched.
  await page.keyboard.press('Escape');
  await expect(consent).toHaveCount(0);
  await expect(page.getByTestId('download-start')).toBeFocused();
  expect(hub.requests).toEqual([]);
  await page.getByTestId('download-start').click();
  await expect(consent).toBeVisible();
  await shoot(page, 'model-download', { scrollTo: page.getByTestId('download-card') });
  expect(hub.requests).toEqual([]);

  // Yes: progress with bytes of the total, speed, time left and the file; then Cancel.
  await page.getByTestId('download-agree').click();
  const progress = page.getByTestId('download-progress');
  await expect(progress).toContainText(
    new RegExp(`^[\\d.]+ (kB|MB) of ${megabytes(hub.totalBytes).replace('.', '\\.')} · [\\d.]+ (kB|MB)/s`),
  );
  await expect(page.getByTestId('download-file')).toHaveText(/^Downloading (tokenizer\.json|onnx\/model\.onnx)$/);
  await page.getByTestId('download-cancel').click();
  await expect(page.getByTestId('download-cancelled')).toHaveText(
    /Cancelled\. Prelabel keeps what was downloaded and continues from there next time\./,
  );
  // Issue 10: what was kept is no model ("Downloaded, 0 bytes" before): the list stays empty.
  await expect(page.getByTestId('models-empty')).toBeVisible();
  await expect(entry(page, destDir)).toHaveCount(0);
  await expect(page.getByTestId('model-none')).toBeVisible();

  // Again: the consent step says it continues, and the hub is asked for the rest only.
  const before = hub.requests.length;
  await page.getByTestId('download-again').click();
  await expect(page.getByTestId('download-consent-resume')).toHaveText(/It continues from the [\d.]+ (kB|MB) already downloaded\./);
  await page.getByTestId('download-agree').click();
  await expect(page.getByTestId('download-done')).toHaveText(/Downloaded and verified\. tiny-nli is now the active model\./, {
    timeout: 30_000,
  });
  expect(hub.requests.slice(before).some((r) => r.range !== null)).toBe(true);

  // Done: the model is in the list, active, and the active model's facts are its own.
  const downloaded = entry(page, destDir);
  await expect(downloaded.getByTestId('model-entry-active')).toBeVisible();
  await expect(downloaded.getByTestId('model-entry-source')).toHaveText('Downloaded');
  await expect(downloaded.getByTestId('model-entry-size')).toHaveText(megabytes(hub.totalBytes));
  await expect(page.getByTestId('model-path-shown')).toHaveText(destDir);

  // And it works: the playground scores a pair with it.
  await page.getByTestId('nav-playground').click();
  await expect(page.getByTestId('playground-model')).toHaveText('Using tiny-nli');
  await page.getByTestId('playground-premise').fill('The match ended two to one after extra time.');
  await page.getByTestId('playground-hypothesis').fill('This text is about sports.');
  await page.getByTestId('playground-run').click();
  await expect(page.getByTestId('playground-result').getByTestId('prob-value')).toHaveCount(3);

  // The page itself never left the machine; the download was the core's, from 127.0.0.1.
  expect(networkGuard.external).toEqual([]);
});

test.describe('a file that fails its checksum', () => {
  test.use({ hubOptions: { wrongSha256For: 'onnx/model.onnx', bytesPerSecond: 4_000_000 } });

  test('ends with the core’s checksum message and no new model', async ({ app: page }) => {
    await openModels(page);
    await page.getByTestId('download-start').click();
    await page.getByTestId('download-agree').click();
    const failed = page.getByTestId('download-failed');
    await expect(failed).toContainText('onnx/model.onnx failed its checksum', { timeout: 30_000 });
    await expect(failed).toContainText('The damaged download was deleted');
    // A damaged file is no network trouble: no advice to copy the folder instead.
    await expect(page.getByTestId('download-go-add')).toHaveCount(0);
    await expect(page.getByTestId('model-entry-active')).toHaveCount(0);
    await expect(page.getByTestId('model-none')).toBeVisible();
    // Issue 10: no "Downloaded, 0 bytes" model is left in the list.
    await expect(page.getByTestId('models-empty')).toBeVisible();
  });
});

test('an unreachable hub: the message says to copy the folder instead and leads to Add a model folder', async ({ app: page, hub }) => {
  await hub.close(); // nothing listens on its port now
  await openModels(page);
  await page.getByTestId('download-start').click();
  await page.getByTestId('download-agree').click();
  const failed = page.getByTestId('download-failed');
  await expect(failed).toContainText(/127\.0\.0\.1(:\d+)? cannot be reached/);
  await expect(failed).toContainText('copy the model folder from a machine with internet');
  await expect(page.getByTestId('models-empty')).toBeVisible(); // issue 10: nothing half made in the list
  await page.getByTestId('download-go-add').click();
  await expect(page.getByTestId('model-folder')).toBeFocused();
  await page.getByTestId('model-folder').fill(modelDir);
  await page.getByTestId('model-folder').press('Enter');
  await expect(entry(page, modelDir).getByTestId('model-entry-active')).toBeVisible();
});
