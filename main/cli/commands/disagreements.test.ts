// `prelabel disagreements` in-process on a real project file: three coders' decisions recorded with
// `prelabel label`, then the plain list (most disagreement first, every coder's label and note),
// --json (the units and counts of adjudication.list), --out (the CSV of adjudication.csv, parsed back)
// and the one-line errors for a bad --status, an unknown question and --out naming the project.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../core/test-support/temp-dir';
import { projectByCli, run } from '../test-support/cli-project';

const tmp = useTempDir();

async function project(): Promise<string> {
  const path = await projectByCli(
    join(tmp(), 'd.prelabel'),
    'id,text\nt1,"The asylum law passed."\nt2,"Rail fares rise, again."\nt3,"Taxes fall."\nt4,"Nothing to see."\n',
    [{ name: 'Stance', labels: [{ name: 'favor' }, { name: 'against' }, { name: 'none' }] }],
  );
  const label = async (doc: string, coder: string, ...rest: string[]) =>
    expect((await run('label', path, '--doc', doc, '--question', 'Stance', '--coder', coder, ...rest)).code).toBe(0);
  await label('t1', 'ana', '--label', 'favor');
  await label('t1', 'ben', '--label', 'favor'); // agreed
  await label('t2', 'ana', '--label', 'favor', '--note', 'sarcasm?');
  await label('t2', 'ben', '--label', 'against'); // 1
  await label('t3', 'ana', '--label', 'none');
  await label('t3', 'ben', '--label', 'none');
  await label('t3', 'cem', '--label', 'against'); // 2/3
  await label('t4', 'ana', '--skip');
  await label('t4', 'ben', '--label', 'none'); // a skip: no disagreement
  return path;
}

describe('prelabel disagreements', () => {
  beforeEach(() => {
    process.env.PRELABEL_HOME = join(tmp(), 'home');
  });

  it('lists the disagreements, most first, prints them as JSON and writes the CSV for a coding meeting', async () => {
    const path = await project();
    const text = await run('disagreements', path);
    expect(text.code).toBe(0);
    expect(text.out.split('\n')).toEqual([
      '"Stance": 2 disagreements, 0 settled, 2 open.',
      't2  disagreement 1.00 (1 of 1 pairs differ)',
      '  ana: favor (sarcasm?)',
      '  ben: against',
      't3  disagreement 0.67 (2 of 3 pairs differ)',
      '  ana: none',
      '  ben: none',
      '  cem: against',
    ]);

    const json = await run('disagreements', path, '--question', 'Stance', '--status', 'open', '--json');
    const r = JSON.parse(json.out) as {
      ok: boolean;
      counts: unknown;
      units: Array<{ externalId: string; disagreement: number; labelSets: number }>;
    };
    expect(r.ok).toBe(true);
    expect(r.counts).toEqual({ open: 2, settled: 0, total: 2 });
    expect(r.units.map((u) => [u.externalId, u.disagreement, u.labelSets])).toEqual([
      ['t2', 1, 2],
      ['t3', 2 / 3, 2],
    ]);

    const out = join(tmp(), 'meeting.csv');
    const written = await run('disagreements', path, '--out', out);
    expect(written.out).toContain(`Wrote 2 disagreements (all) to ${out}`);
    const rows = parse(readFileSync(out), { columns: true }) as Record<string, string>[];
    expect(
      rows.map((x) => [x.document_id, x.text, x['ana: label'], x['ana: note'], x['ben: label'], x['cem: label'], x.adjudicated_label]),
    ).toEqual([
      ['t2', 'Rail fares rise, again.', 'favor', 'sarcasm?', 'against', '', ''],
      ['t3', 'Taxes fall.', 'none', '', 'none', 'against', ''],
    ]);
  });

  it('refuses a bad status, an unknown question and --out naming the project, in one line', async () => {
    const path = await project();
    const bad = await run('disagreements', path, '--status', 'closed');
    expect([bad.code === 0, bad.err]).toEqual([false, expect.stringContaining('--status must be open, settled or all (got "closed")')]);
    const unknown = await run('disagreements', path, '--question', 'Topic');
    expect(unknown.err).toContain('The project has no question named "Topic". Its questions: "Stance".');
    const self = await run('disagreements', path, '--out', path);
    expect(self.err).toContain('--out names the project file itself');
    for (const r of [bad, unknown, self]) expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});
