// Aggregation to the parent: each rule on hand-computed tallies, then through export.start on a
// split project with decisions and stored pre-labels (CSV and JSON Lines at parent level, the
// manifest naming the segmentation and the rule), and the unit level with the parent's columns.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { AggregateRule, CodebookQuestion, ExportStartInput } from '../../../common/contract';
import { storeRun } from '../coding/test-support/coding-fixture';
import { split, speechProject, type SpeechProject } from '../segments/test-support/segment-project';
import { useTempDir } from '../test-support/temp-dir';
import { aggregate, ParentTally, type UnitVote } from './aggregate';

const tmp = useTempDir();

interface Manifest {
  level: string;
  aggregate: { rule: string; description: string; modelInputHash: string | null } | null;
  segmentations: Array<Record<string, unknown>>;
  counts: Record<string, unknown>;
}

const question = (multiLabel: boolean): CodebookQuestion =>
  ({
    id: 'q',
    name: 'Topic',
    multiLabel,
    labels: ['E', 'W', 'S'].map((id) => ({ id, name: id.toLowerCase(), archived: false })),
  }) as unknown as CodebookQuestion;

const vote = (kind: UnitVote['kind'], labelIds: string[] = [], scores?: [number, number, number]): UnitVote => ({
  kind,
  labelIds,
  suggestion: scores
    ? {
        labelIds: ['E', 'W', 'S'].filter((_, i) => scores[i]! >= 0.5),
        scores: ['E', 'W', 'S'].map((labelId, i) => ({ labelId, score: scores[i]! })),
        score: Math.max(...scores),
        runId: 'r',
      }
    : null,
});

function tally(...votes: UnitVote[]): ParentTally {
  const t = new ParentTally();
  for (const v of votes) t.add(v);
  return t;
}

describe('aggregation rules, by hand', () => {
  // Three decided units (E; W; E and W), one skipped; four scored units.
  const t = tally(
    vote('label', ['E'], [0.9, 0.1, 0.1]),
    vote('label', ['W'], [0.1, 0.7, 0.05]),
    vote('label', ['E', 'W'], [0.6, 0.6, 0.2]),
    vote('skip', [], [0.2, 0.2, 0.3]),
  );
  const multi = question(true);

  it('counts the units', () => {
    expect([t.units, t.decided, t.skipped, t.notCodable, t.scored]).toEqual([4, 3, 1, 0, 4]);
  });

  it('any: every label of any decided unit; suggestions of any scored unit', () => {
    const a = aggregate(t, 'any', multi);
    expect([a.labels, a.ties, a.suggestion, a.suggestionTies]).toEqual([['E', 'W'], [], ['E', 'W'], []]);
  });

  it('majority: more than half of the decided units (2 of 3); exactly half of the scored units is a tie', () => {
    const a = aggregate(t, 'majority', multi);
    expect([a.labels, a.ties]).toEqual([['E', 'W'], []]);
    // Suggested E: 2 of 4, W: 2 of 4: ties, no label.
    expect([a.suggestion, a.suggestionTies]).toEqual([[], ['E', 'W']]);
  });

  it('max_score: per label the maximum over units, then multi-label at 0.5; decisions as any', () => {
    const a = aggregate(t, 'max_score', multi);
    expect([...a.suggestionValues]).toEqual([
      ['E', 0.9],
      ['W', 0.7],
      ['S', 0.3],
    ]);
    expect(a.suggestion).toEqual(['E', 'W']);
    expect(a.labels).toEqual(['E', 'W']);
  });

  it('max_score, single-label: the highest maximum; equal maxima are ties and give no label', () => {
    const single = question(false);
    expect(aggregate(t, 'max_score', single).suggestion).toEqual(['E']);
    const tied = tally(vote('label', ['E'], [0.8, 0.1, 0.1]), vote('label', ['S'], [0.1, 0.1, 0.8]));
    const a = aggregate(tied, 'max_score', single);
    expect([a.suggestion, a.suggestionTies]).toEqual([[], ['E', 'S']]);
  });

  it('share: the share of decided (scored) units per label; labels as majority', () => {
    const a = aggregate(t, 'share', multi);
    expect([...a.shares]).toEqual([
      ['E', 2 / 3],
      ['W', 2 / 3],
      ['S', 0],
    ]);
    expect([...a.suggestionValues]).toEqual([
      ['E', 0.5],
      ['W', 0.5],
      ['S', 0],
    ]);
    expect(a.labels).toEqual(['E', 'W']);
  });

  it('a parent without decided or scored units has no labels and empty shares', () => {
    const empty = tally(vote(null), vote('not_codable'));
    for (const rule of ['any', 'majority', 'max_score', 'share'] as AggregateRule[]) {
      const a = aggregate(empty, rule, multi);
      expect([a.labels, a.ties, a.suggestion]).toEqual([[], [], []]);
    }
    expect([...aggregate(empty, 'share', multi).shares.values()]).toEqual([null, null, null]);
  });
});

/** The speeches split into sentences, with decisions and stored pre-labels chosen by hand:
 * sp-1: economy; welfare; economy+welfare; skip. sp-2: economy; security; open; not codable; open.
 * sp-3: open. Pre-labels (entailment logits, multi-label: sigmoid): sp-1 E; W; E+W; none.
 * sp-2: S; E at exactly 0.5. */
async function codedSpeeches(
  dir: string,
): Promise<SpeechProject & { exportTo: (name: string, input: Partial<ExportStartInput>) => Promise<string> }> {
  const p = await speechProject(dir);
  await split(p.t, { unit: 'sentence' });
  const q = p.codebook.questions[0]!;
  const [E, W, S] = q.labels.map((l) => l.id) as [string, string, string];
  const units = (await p.t.call('documents.list', {})).rows;
  const id = (ext: string) => units.find((u) => u.externalId === ext)!.id;
  const decide = (ext: string, kind: 'label' | 'skip', labelIds: string[] = []) =>
    p.t.call('annotate.decide', { questionId: q.id, documentId: id(ext), coder: 'Ana', kind, labelIds });
  await decide('sp-1#1', 'label', [E]);
  await decide('sp-1#2', 'label', [W]);
  await decide('sp-1#3', 'label', [E, W]);
  await decide('sp-1#4', 'skip');
  await decide('sp-2#1', 'label', [E]);
  await decide('sp-2#2', 'label', [S]);
  // "Not codable" has no method of its own yet: the log row is written as such (the export reads the log).
  await decide('sp-2#4', 'label', [S]);
  p.db().prepare("UPDATE annotations SET kind = 'not_codable', label_ids = '[]' WHERE document_id = ?").run(id('sp-2#4'));
  const logits: Record<string, number[]> = {
    'sp-1#1': [2, -2, -2],
    'sp-1#2': [-2, 1, -3],
    'sp-1#3': [0.5, 0.5, -1],
    'sp-1#4': [-1, -1, -1],
    'sp-2#1': [-3, -3, 3],
    'sp-2#2': [0, -3, -3],
  };
  const byId = new Map(Object.entries(logits).map(([ext, l]) => [id(ext), l]));
  storeRun(p.db(), p.codebook, 0, [...byId.keys()], (d) => byId.get(d)!);
  const exportTo = async (name: string, input: Partial<ExportStartInput>) => {
    const path = join(dir, name);
    // export.count says beforehand how many rows the export writes (parents, or units).
    const count = await p.t.call('export.count', { questionId: q.id, format: 'csv', ...input });
    const started = await p.t.call('export.start', { questionId: q.id, format: 'csv', path, ...input });
    const done = await p.t.waitForJob(started.jobId);
    if (done.status !== 'done') throw new Error(JSON.stringify(done.error));
    expect((done.result as { rows: number }).rows).toBe(count.rows);
    return path;
  };
  return { ...p, exportTo };
}

describe('export at parent level', () => {
  it('writes one row per parent with its metadata and text, aggregated by each rule, and a manifest naming both', async () => {
    const dir = tmp();
    const p = await codedSpeeches(dir);
    const read = (path: string) => parse(readFileSync(path), { columns: true, bom: true }) as Record<string, string>[];
    // The state of the units, as the rules see it (see codedSpeeches).
    const units = p.db().prepare("SELECT count(*) FROM annotations WHERE kind = 'not_codable'").pluck().get();
    expect(units).toBe(1);

    const any = read(await p.exportTo('any.csv', { level: 'parent', aggregate: 'any', filter: 'all' }));
    expect(Object.keys(any[0]!)).toEqual([
      'id',
      'text',
      'meta_party',
      'units',
      'decided_units',
      'skipped_units',
      'not_codable_units',
      'labels',
      'label_ties',
      'scored_units',
      'suggestion',
      'suggestion_ties',
    ]);
    expect(
      any.map((r) => [
        r.id,
        r.meta_party,
        r.units,
        r.decided_units,
        r.skipped_units,
        r.not_codable_units,
        r.labels,
        r.scored_units,
        r.suggestion,
      ]),
    ).toEqual([
      ['sp-1', 'Labour', '4', '3', '1', '0', 'economy|welfare', '4', 'economy|welfare'],
      ['sp-2', 'Conservative', '5', '2', '0', '1', 'economy|security', '2', 'economy|security'],
      ['sp-3', 'Green', '1', '0', '0', '0', '', '0', ''],
    ]);
    expect(any[0]!.text).toBe('We will build homes. We will fix the NHS!\n\nTaxes stay low. Is that fair?');

    const majority = read(await p.exportTo('majority.csv', { level: 'parent', aggregate: 'majority', filter: 'coded' }));
    expect(majority.map((r) => [r.id, r.labels, r.label_ties, r.suggestion, r.suggestion_ties])).toEqual([
      ['sp-1', 'economy|welfare', '', '', 'economy|welfare'],
      ['sp-2', '', 'economy|security', '', 'economy|security'],
    ]);

    const max = read(await p.exportTo('max.csv', { level: 'parent', aggregate: 'max_score' }));
    const sig = (x: number) => 1 / (1 + Math.exp(-x));
    expect(
      max.map((r) => [r.suggestion, Number(r['max_score:economy']), Number(r['max_score:welfare']), Number(r['max_score:security'])]),
    ).toEqual([
      ['economy|welfare', sig(2), sig(1), sig(-1)],
      ['economy|security', 0.5, sig(-3), sig(3)],
    ]);

    const sharePath = await p.exportTo('share.jsonl', { format: 'jsonl', level: 'parent', aggregate: 'share', filter: 'all' });
    const lines = readFileSync(sharePath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.id, l.share, l.suggestion_share])).toEqual([
      ['sp-1', { economy: 2 / 3, welfare: 2 / 3, security: 0 }, { economy: 0.5, welfare: 0.5, security: 0 }],
      ['sp-2', { economy: 0.5, welfare: 0, security: 0.5 }, { economy: 0.5, welfare: 0, security: 0.5 }],
      ['sp-3', { economy: null, welfare: null, security: null }, { economy: null, welfare: null, security: null }],
    ]);
    expect(lines[0]!.metadata).toEqual({ party: 'Labour' });

    const manifest = JSON.parse(readFileSync(join(dir, 'share.jsonl.manifest.json'), 'utf8')) as Manifest;
    expect(manifest.level).toBe('parent');
    expect(manifest.aggregate!.rule).toBe('share');
    expect(manifest.aggregate!.description).toMatch(/share of decided units/);
    expect(manifest.aggregate!.modelInputHash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.segmentations).toMatchObject([{ unit: 'sentence', language: 'auto', windowSize: 3, parents: 3, segments: 10 }]);
    expect(manifest.counts).toMatchObject({ rows: 3, documents: 3, units: 10, decidedUnits: 5 });
  });

  it('refuses formats and filters that have no meaning per parent, before any job', async () => {
    const p = await speechProject(tmp());
    const q = p.codebook.questions[0]!;
    await expect(p.t.call('export.start', { questionId: q.id, format: 'hf', level: 'parent', path: join(tmp(), 'hf') })).rejects.toThrow(
      /at parent level is written as CSV/,
    );
    await expect(
      p.t.call('export.start', { questionId: q.id, format: 'csv', level: 'parent', filter: 'accepted', path: join(tmp(), 'x.csv') }),
    ).rejects.toThrow(/filter is "all" or "coded"/);
  });

  it('at unit level, a split project gets the parent, position and offsets, and the parent metadata', async () => {
    const dir = tmp();
    const p = await codedSpeeches(dir);
    const rows = parse(readFileSync(await p.exportTo('units.csv', { filter: 'all' })), { columns: true, bom: true }) as Record<
      string,
      string
    >[];
    expect(Object.keys(rows[0]!).slice(0, 7)).toEqual(['id', 'parent_id', 'segment', 'char_start', 'char_end', 'text', 'meta_party']);
    expect(rows.map((r) => [r.id, r.parent_id, r.segment, r.meta_party])[5]).toEqual(['sp-2#2', 'sp-2', '2', 'Conservative']);
    expect(rows).toHaveLength(10);
    const manifest = JSON.parse(readFileSync(join(dir, 'units.csv.manifest.json'), 'utf8')) as Manifest;
    expect([manifest.level, manifest.aggregate, manifest.segmentations.length]).toEqual(['unit', null, 1]);
  });
});
