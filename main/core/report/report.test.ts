// report.write on a real project: one self-contained HTML file (no request, no script that runs) whose
// numbers are those of evaluation.run, with both plots inline; the browser mode writes it where the
// server serves exports and refuses a path; the project file itself is never a target.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestCore } from '../test-support/test-core';
import { useTempDir } from '../test-support/temp-dir';
import { mulberry32 } from '../seeded-random';
import { evaluationProject, storeSeededRun, type EvaluationProject } from '../evaluation/test-support/evaluation-project';
import { expectedNumbers, reportNumbers } from './test-support/report-numbers';

const tempRoot = useTempDir();
let open: EvaluationProject[] = [];
afterEach(async () => {
  for (const p of open) await p.t.core.shutdown();
  open = [];
});

async function codedProject() {
  const p = await evaluationProject(tempRoot(), 60, 3);
  open.push(p);
  storeSeededRun(p, 0, 4);
  const rng = mulberry32(1);
  for (const d of p.ids.slice(0, 40))
    await p.t.call('annotate.decide', {
      questionId: p.single.id,
      documentId: d,
      coder: 'ana',
      kind: 'label',
      labelIds: [p.single.labels[Math.floor(rng() * 3)]!.id],
    });
  return p;
}

describe('report.write', () => {
  it('writes one self-contained file naming the numbers of evaluation.run', async () => {
    const p = await codedProject();
    const input = { questionId: p.single.id, against: 'gold' as const, groupBy: 'lang', bootstrap: { replicates: 400, seed: 3 } };
    const written = await p.t.call('report.write', { ...input, path: join(tempRoot(), 'report.html') });
    const html = readFileSync(written.path, 'utf8');
    // It names the coders: readable by the owner only (issue 15; was 0644).
    if (process.platform !== 'win32') expect(statSync(written.path).mode & 0o777).toBe(0o600);
    expect(written).toMatchObject({ name: 'report.html', bytes: Buffer.byteLength(html), downloadable: false, exportId: null });
    const result = await p.t.call('evaluation.run', input);
    const named = reportNumbers(html);
    const expected = expectedNumbers(result);
    expect(expected.size).toBeGreaterThan(60);
    for (const [stat, text] of expected) expect([stat, named.get(stat)]).toEqual([stat, text]);
    // Self-contained: no external request, no running script, plots inline.
    expect(html).not.toMatch(/<link|<img|<iframe|url\(|src=|href="http/i);
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:\/\//);
    expect(html.match(/<script[^>]*>/g)).toEqual(['<script type="application/json" id="evaluation-data">']);
    expect(html.match(/<svg /g)!.length).toBe(3);
    expect(html).toContain('Reliability diagram');
    expect(html).toContain('@media print');
    // The codebook's revision, the model's hashes and the languages.
    expect(html).toContain(result.codebookRevisionId!);
    expect(html).toContain(result.model.modelInputHash);
    expect(html).toMatch(/Languages \(column "lang"\): de 20, en 20, fr 20/);
    // Each run's stored options one per line (not as raw JSON); labels and template are in the tables.
    const run = result.model.runs[0]!;
    expect(html).toContain(`<div><span class="muted">maxLength</span> ${String(run.options.maxLength)}</div>`);
    expect(html.split('<script type="application/json"')[0]).not.toContain(JSON.stringify(run.options));
    // A run's stored hypotheses: a table (label, hypothesis) saying whether they are the current codebook's.
    const runHypotheses = async (hypotheses: unknown) => {
      p.db()
        .prepare('UPDATE prelabel_runs SET options = ? WHERE id = ?')
        .run(JSON.stringify({ maxLength: 32, hypotheses }), run.id);
      const page = readFileSync((await p.t.call('report.write', { ...input, path: join(tempRoot(), 'r.html') })).path, 'utf8');
      return /<table class="run-hypotheses">(.*?)<\/table>/s.exec(page)?.[1]?.replaceAll('&#39;', "'") ?? null;
    };
    const current = result.model.hypotheses.map((h, i) => ({ labelId: `l${i}`, ...h }));
    expect(current.length).toBe(3);
    const same = (await runHypotheses(current))!;
    expect(same).toContain("<caption>hypotheses: the same as the current codebook's</caption>");
    for (const h of current) expect(same).toContain(`<tr><td class="text">${h.label}</td><td class="text">${h.hypothesis}</td></tr>`);
    const changed = [{ ...current[0]!, hypothesis: 'This text is about something else.' }, current[1]!];
    const differs = (await runHypotheses(changed))!;
    expect(differs).toContain(
      `<caption>hypotheses: not the current codebook's (&quot;${current[0]!.label}&quot; differs, &quot;${current[2]!.label}&quot; not asked)</caption>`,
    );
    expect(differs).toContain('<td class="text">This text is about something else.</td>');
    expect(await runHypotheses('not a list')).toBeNull();
    // The embedded result is the same evaluation (generated at another moment).
    const embedded = JSON.parse(/<script type="application\/json" id="evaluation-data">(.*?)<\/script>/s.exec(html)![1]!);
    expect({ ...embedded.metrics }).toEqual(result.metrics);
  });

  it('in the browser mode writes into a folder of the exports and refuses a path', async () => {
    const dir = tempRoot();
    const p = await evaluationProject(dir, 10, 5);
    open.push(p);
    await p.t.core.shutdown();
    open = [];
    const t = makeTestCore(join(dir, 'server'), { chosenBy: 'server', exportsDir: join(dir, 'exports') });
    await t.call('project.open', { path: p.path });
    const refused = await t.raw('report.write', { questionId: p.single.id, path: join(dir, 'x.html') });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const written = await t.call('report.write', { questionId: p.single.id });
    expect(written).toMatchObject({ name: 'validation-Stance.html', downloadable: true });
    expect(written.path).toBe(join(dir, 'exports', written.exportId!, 'validation-Stance.html'));
    expect(readFileSync(written.path, 'utf8')).toContain('has no pre-labels yet');
    await t.core.shutdown();
  });

  it('says so when nothing is pre-labelled, and counts gold that names no label (methods text edge cases)', async () => {
    const p = await evaluationProject(tempRoot(), 30, 2);
    open.push(p);
    const bare = readFileSync(
      (await p.t.call('report.write', { questionId: p.single.id, path: join(tempRoot(), 'bare.html') })).path,
      'utf8',
    );
    const methods = (html: string) => /<div class="methods">(.*?)<\/div>/s.exec(html)![1]!.replaceAll('&quot;', '"');
    expect(methods(bare)).toContain('No coding unit has a current prediction for the question "Stance" (30 units)');
    expect(methods(bare)).not.toMatch(/unknown/);
    expect(bare).toContain('corpus: 0 in all.');
    expect(bare).not.toContain('in all; .');

    storeSeededRun(p, 0, 4);
    p.db().prepare("UPDATE documents SET gold_label = 'UNKNOWN' WHERE id IN (SELECT id FROM documents ORDER BY id LIMIT 4)").run();
    const html = readFileSync(
      (await p.t.call('report.write', { questionId: p.single.id, against: 'gold', path: join(tempRoot(), 'gold.html') })).path,
      'utf8',
    );
    const r = await p.t.call('evaluation.run', { questionId: p.single.id, against: 'gold' });
    expect(r.metrics!.n).toBe(26);
    expect(r.source.description).toBe(
      "Gold labels of every coding unit (30), imported with the documents. 26 of them name the question's labels; 4 name none and are left out.",
    );
    expect(methods(html)).toContain('with the 26 gold-labelled documents');
    expect(methods(html)).not.toContain('human-labelled');
    expect(methods(html)).toMatch(/the model \S+ \(SHA-256 [0-9a-f]{12}, fp32\)/);
  });

  it('never writes over the project file', async () => {
    const p = await codedProject();
    const r = await p.t.raw('report.write', { questionId: p.single.id, path: p.path });
    expect(r.ok).toBe(false);
  });
});
