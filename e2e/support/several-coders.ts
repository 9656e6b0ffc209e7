// Helpers of the several-coders specs (several-coders, coders-merge, adjudication, training): the
// tweets file, API calls through the page, the built CLI, axe, the Agreement screen's numbers by
// data-stat as the CLI's result formats them, and an own computation of two coders' percent
// agreement, Cohen's kappa and Krippendorff's nominal alpha by the textbook formulas (nothing from
// main/core).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { AgreementResult } from '../../common/contract';
import { fmtCoef, fmtCoefInterval, fmtShare } from '../../common/evaluation-format';
import { corpusFile, expect, useColorScheme } from '../fixtures';
import { parseCsv } from './csv';

const repoRoot = resolve(__dirname, '../..');

/** `docs` SemEval-2016 stance tweets (every `step`-th row of test.csv) written as id,Tweet,Stance;
 * returns each id's gold stance. */
export function writeTweets(path: string, docs: number, step: number): Map<string, string> {
  const [, ...rows] = parseCsv(readFileSync(corpusFile('semeval2016_stance/test.csv'), 'utf8'));
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const picked = rows.filter((_, i) => i % step === 0).slice(0, docs);
  if (picked.length !== docs) throw new Error(`semeval2016_stance/test.csv has only ${picked.length} rows at step ${step}`);
  writeFileSync(path, ['id,Tweet,Stance', ...picked.map((r, i) => [`t${i + 1}`, quote(r[0]!), r[2]!].join(','))].join('\n') + '\n');
  return new Map(picked.map((r, i) => [`t${i + 1}`, r[2]!]));
}

/** One API method through the page's own session (the browser-mode server's /api/call). */
export async function call<T>(page: Page, method: string, input: unknown): Promise<T> {
  const result = await page.evaluate(
    async ([m, i]) => {
      const r = await fetch(`/api/call/${m}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(i) });
      return r.json();
    },
    [method, input] as const,
  );
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

/** The serious and critical axe violations (WCAG 2.1 A and AA) of the page in one colour scheme. */
export async function seriousViolations(page: Page, scheme: 'dark' | 'light'): Promise<string[]> {
  await useColorScheme(page, scheme);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** No serious or critical axe violation in the dark theme nor in the light one. */
export async function expectAccessible(page: Page): Promise<void> {
  for (const scheme of ['dark', 'light'] as const) expect(await seriousViolations(page, scheme), scheme).toEqual([]);
}

/** The built CLI (bin/prelabel.mjs) with its own home folder; its stdout, or an error with its stderr. */
export function cli(home: string, ...argv: string[]): string {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin/prelabel.mjs'), ...argv], {
    env: { ...process.env, PRELABEL_HOME: home },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`prelabel ${argv[0]} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** The agreement result without its run time (the one field that differs between two runs). */
export function withoutTime(r: AgreementResult): Omit<AgreementResult, 'elapsedMs'> {
  const { elapsedMs: _elapsed, ...rest } = r;
  return rest;
}

/** What the Agreement screen shows by data-stat for a single-label question, from the CLI's result. */
export function agreementNumbers(r: AgreementResult): Map<string, string> {
  const e = new Map<string, string>();
  if (r.report.kind !== 'single') throw new Error('expected a single-label question');
  const rep = r.report;
  r.coders.forEach((c, i) => {
    for (const k of ['coded', 'labels', 'notCodable', 'skips'] as const) e.set(`coders.${i}.${k}`, String(c[k]));
  });
  const a = rep.alpha;
  const below = (th: number, x = a) => fmtShare(x.belowThresholds.find((b) => b.threshold === th)!.share);
  e.set('alpha', fmtCoef(a.alpha));
  e.set('alpha.ci', fmtCoefInterval(a.interval));
  e.set('alpha.below667', below(0.667));
  e.set('alpha.below800', below(0.8));
  e.set('alpha.pairable', String(a.pairableValues));
  e.set('alpha.units', String(a.pairableUnits));
  for (const [stat, c, share] of [
    ['fleiss', rep.fleiss, false],
    ['ac1', rep.ac1, false],
    ['percent', rep.percent, true],
  ] as const) {
    e.set(stat, share ? fmtShare(c.value) : fmtCoef(c.value));
    e.set(`${stat}.pairable`, String(c.pairableValues));
    e.set(`${stat}.units`, String(c.units));
  }
  e.set('meanKappa', fmtCoef(rep.matrix.meanKappa));
  rep.perLabel.forEach((l, i) => {
    e.set(`perLabel.${i}.alpha`, fmtCoef(l.alpha.alpha));
    e.set(`perLabel.${i}.alpha.ci`, fmtCoefInterval(l.alpha.interval));
    e.set(`perLabel.${i}.below667`, below(0.667, l.alpha));
    e.set(`perLabel.${i}.below800`, below(0.8, l.alpha));
    e.set(`perLabel.${i}.fleiss`, fmtCoef(l.fleiss.value));
    e.set(`perLabel.${i}.ac1`, fmtCoef(l.ac1.value));
    e.set(`perLabel.${i}.percent`, fmtShare(l.percent.value));
    e.set(`perLabel.${i}.pairable`, String(l.alpha.pairableValues));
  });
  const m = rep.matrix;
  m.coders.forEach((_, i) =>
    m.coders.forEach((__, j) => {
      e.set(`matrix.${i}.${j}.n`, String(m.n[i]![j]));
      if (i === j) return;
      e.set(`matrix.${i}.${j}.kappa`, fmtCoef(m.kappa[i]![j]));
      e.set(`matrix.${i}.${j}.agreement`, fmtShare(m.agreement[i]![j]));
    }),
  );
  return e;
}

/** Every data-stat on the Agreement screen with its text. */
export async function agreementShown(page: Page): Promise<Map<string, string>> {
  const pairs = await page
    .locator('[data-testid=agreement-screen] [data-stat]')
    .evaluateAll((els) => els.map((el) => [el.getAttribute('data-stat')!, (el.textContent ?? '').trim()] as const));
  return new Map(pairs);
}

/** Two coders' labels on the same units, no value missing: percent agreement, Cohen's kappa
 * (observed against the product of each coder's own label shares) and Krippendorff's nominal alpha
 * (coincidence matrix: each unit adds its ordered pair both ways; D_e from the pooled marginals over
 * n(n-1)). */
export function ownTwoCoders(pairs: ReadonlyArray<readonly [string, string]>): { percent: number; kappa: number; alpha: number } {
  const n = pairs.length;
  const labels = [...new Set(pairs.flat())];
  const agree = pairs.filter(([a, b]) => a === b).length;
  const share = (k: 0 | 1, l: string) => pairs.filter((p) => p[k] === l).length / n;
  const pe = labels.reduce((s, l) => s + share(0, l) * share(1, l), 0);
  const values = 2 * n;
  const pooled = labels.map((l) => pairs.reduce((s, p) => s + (p[0] === l ? 1 : 0) + (p[1] === l ? 1 : 0), 0));
  const observedDisagreement = (2 * (n - agree)) / values;
  let expectedPairs = 0;
  pooled.forEach((nc, i) => pooled.forEach((nk, j) => (expectedPairs += i === j ? 0 : nc * nk)));
  const expectedDisagreement = expectedPairs / (values * (values - 1));
  return { percent: agree / n, kappa: (agree / n - pe) / (1 - pe), alpha: 1 - observedDisagreement / expectedDisagreement };
}
