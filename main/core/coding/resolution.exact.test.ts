// The resolution among coders checked case by case on rows built here ([Note: resolution]): which
// row stands and why, for adjudications, skips, agreement, and each rule with its ties; and the
// project's coding settings as stored.
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { codingProject } from './test-support/coding-fixture';
import {
  blindCoders,
  codingMode,
  decisionKey,
  hideSuggestions,
  resolutionRule,
  resolve,
  setBlindCoders,
  setCodingMode,
  setHideSuggestions,
  setResolutionRuleMeta,
  type ResolvableRow,
} from './resolution';

const tmp = useTempDir();

let next = 0;
function row(coder: string, kind: string, labels: string[], at: string, id = `r${++next}`): ResolvableRow {
  return { id, coder_id: coder, kind, label_ids: JSON.stringify(labels), created_at: `2026-01-01T00:00:${at}Z` };
}

const LATEST = { rule: 'latest' } as const;
const MAJORITY = { rule: 'majority' } as const;
const lead = (name: string) => ({ rule: 'lead', lead: name }) as const;

describe('resolve', () => {
  it('takes the latest adjudication unless a coder decided after it', () => {
    const a = row('ana', 'label', ['x'], '01');
    const b = row('ben', 'label', ['y'], '02');
    const adj = row('lea', 'label', ['y'], '03');
    expect(resolve([b, a], adj, LATEST, null)).toEqual({ row: adj, resolution: 'adjudicated' });
    // Same millisecond: the later id wins; a coder's row with a smaller id does not reopen it.
    const sameTime = row('ana', 'label', ['x'], '03', 'a-smaller');
    expect(resolve([sameTime], { ...adj, id: 'z-bigger' }, LATEST, null)?.resolution).toBe('adjudicated');
    const later = row('ana', 'label', ['x'], '04');
    expect(resolve([later, b], adj, LATEST, null)).toEqual({ row: later, resolution: 'rule' });
    expect(resolve([], adj, LATEST, null)).toEqual({ row: adj, resolution: 'adjudicated' });
    // Same millisecond, a coder's row with a larger id is the later one: it reopens the document.
    const tie = row('ana', 'label', ['x'], '03', 'zz-larger');
    expect(resolve([tie], { ...adj, id: 'aa-smaller' }, LATEST, null)).toEqual({ row: tie, resolution: 'single' });
    expect(resolve([], null, LATEST, null)).toBeNull();
  });

  it('lets deciding coders outrank skips; only skips give the latest skip', () => {
    const skip1 = row('ana', 'skip', [], '05');
    const skip2 = row('ben', 'skip', [], '06');
    const label = row('cid', 'label', ['x'], '01');
    expect(resolve([skip2, skip1, label], null, LATEST, null)).toEqual({ row: label, resolution: 'single' });
    expect(resolve([skip2, skip1], null, LATEST, null)).toEqual({ row: skip2, resolution: 'agreed' });
    expect(resolve([skip1, skip2], null, LATEST, null)).toEqual({ row: skip2, resolution: 'agreed' });
    expect(resolve([skip1], null, LATEST, null)).toEqual({ row: skip1, resolution: 'single' });
    const notCodable = row('dan', 'not_codable', [], '00');
    expect(resolve([skip1, notCodable], null, LATEST, null)).toEqual({ row: notCodable, resolution: 'single' });
  });

  it('calls the same label sets in any order agreed, and picks the latest of them', () => {
    const a = row('ana', 'label', ['x', 'y'], '01');
    const b = row('ben', 'label', ['y', 'x'], '03');
    const c = row('cid', 'label', ['x', 'y'], '02');
    expect(resolve([a, b, c], null, MAJORITY, null)).toEqual({ row: b, resolution: 'agreed' });
    // Same labels but another kind is a disagreement.
    const nc = row('dan', 'not_codable', [], '04');
    const empty = row('eve', 'label', [], '01');
    expect(resolve([nc, empty], null, LATEST, null)).toEqual({ row: nc, resolution: 'rule' });
  });

  it('settles a disagreement by the rule: latest, majority with ties to the latest, or the lead coder', () => {
    const a = row('ana', 'label', ['x'], '01');
    const b = row('ben', 'label', ['y'], '05');
    const c = row('cid', 'label', ['x'], '02');
    const d = row('dan', 'label', ['z'], '04');
    expect(resolve([a, b, c], null, LATEST, null)).toEqual({ row: b, resolution: 'rule' });
    // Two for x (latest of them c at :02) against one y: c.
    expect(resolve([a, b, c], null, MAJORITY, null)).toEqual({ row: c, resolution: 'rule' });
    // A tie of one each: the latest of the tied rows.
    expect(resolve([a, d], null, MAJORITY, null)).toEqual({ row: d, resolution: 'rule' });
    expect(resolve([d, a], null, MAJORITY, null)).toEqual({ row: d, resolution: 'rule' });
    // Two groups of two: the group whose latest row is later.
    const e = row('eve', 'label', ['z'], '03');
    expect(resolve([a, c, d, e], null, MAJORITY, null)).toEqual({ row: d, resolution: 'rule' });
    // Lead coder where they decided, else the majority.
    expect(resolve([a, b, c], null, lead('ben'), 'ben')).toEqual({ row: b, resolution: 'rule' });
    expect(resolve([a, b, c], null, lead('zoe'), 'zoe')).toEqual({ row: c, resolution: 'rule' });
    expect(resolve([a, b, c], null, lead('zoe'), null)).toEqual({ row: c, resolution: 'rule' });
    // A lead coder's id counts only under the lead rule.
    expect(resolve([a, b, c], null, MAJORITY, 'ben')).toEqual({ row: c, resolution: 'rule' });
    expect(resolve([a, b, c], null, LATEST, 'ana')).toEqual({ row: b, resolution: 'rule' });
  });

  it('keys a decision by its kind and its sorted labels', () => {
    expect(decisionKey({ kind: 'label', label_ids: '["b","a","c"]' })).toBe('label:a,b,c');
    expect(decisionKey({ kind: 'skip', label_ids: '[]' })).toBe('skip:');
  });
});

describe('coding settings', () => {
  it('are stored in the project, with their defaults, and an unreadable rule counts as latest', async () => {
    const p = await codingProject(tmp(), 1, [{ name: 'Q', labels: [{ name: 'a' }] }]);
    const db = p.db();
    expect([resolutionRule(db), codingMode(db), blindCoders(db), hideSuggestions(db)]).toEqual([
      { rule: 'latest' },
      'shared',
      false,
      false,
    ]);
    setResolutionRuleMeta(db, { rule: 'lead', lead: '  Ana  ' });
    expect(resolutionRule(db)).toEqual({ rule: 'lead', lead: 'Ana' });
    expect(db.prepare("SELECT value FROM project_meta WHERE key = 'coding.resolution'").pluck().get()).toBe('{"rule":"lead","lead":"Ana"}');
    setResolutionRuleMeta(db, { rule: 'majority' });
    expect(resolutionRule(db)).toEqual({ rule: 'majority' });
    let code = 'no error';
    try {
      setResolutionRuleMeta(db, { rule: 'lead', lead: '' });
    } catch (e) {
      code = (e as { code: string }).code;
    }
    expect(code).toBe('INVALID_INPUT');
    setResolutionRuleMeta(db, { rule: 'majority', lead: 'ignored' } as never);
    expect(resolutionRule(db)).toEqual({ rule: 'majority' });
    expect(db.prepare("SELECT value FROM project_meta WHERE key = 'coding.resolution'").pluck().get()).toBe('{"rule":"majority"}');
    expect(() => setResolutionRuleMeta(db, { rule: 'lead', lead: '  ' })).toThrow('The rule "lead coder" needs the lead coder\'s name.');
    expect(() => setResolutionRuleMeta(db, { rule: 'lead' } as never)).toThrow('needs the lead coder');
    for (const raw of [
      'not json',
      '{"rule":"lead","lead":"  "}',
      '{"rule":"lead","lead":3}',
      '{"rule":"other"}',
      '{"rule":"other","lead":"Ana"}',
    ]) {
      db.prepare("UPDATE project_meta SET value = ? WHERE key = 'coding.resolution'").run(raw);
      expect(resolutionRule(db), raw).toEqual({ rule: 'latest' });
    }
    db.prepare("UPDATE project_meta SET value = ? WHERE key = 'coding.resolution'").run('{"rule":"latest","lead":"x"}');
    expect(resolutionRule(db)).toEqual({ rule: 'latest' });
    db.prepare("UPDATE project_meta SET value = ? WHERE key = 'coding.resolution'").run('{"rule":"lead","lead":"  Ana "}');
    expect(resolutionRule(db)).toEqual({ rule: 'lead', lead: 'Ana' });
    setCodingMode(db, 'every');
    setBlindCoders(db, true);
    setHideSuggestions(db, true);
    expect([codingMode(db), blindCoders(db), hideSuggestions(db)]).toEqual(['every', true, true]);
    // Kept under their own keys in the project file (read by every copy and version of it).
    expect(
      db.prepare("SELECT key, value FROM project_meta WHERE key LIKE 'coding.%' AND key <> 'coding.resolution' ORDER BY key").all(),
    ).toEqual(
      expect.arrayContaining([
        { key: 'coding.blindCoders', value: 'true' },
        { key: 'coding.hideSuggestions', value: 'true' },
        { key: 'coding.mode', value: 'every' },
      ]),
    );
    setCodingMode(db, 'shared');
    setBlindCoders(db, false);
    setHideSuggestions(db, false);
    expect([codingMode(db), blindCoders(db), hideSuggestions(db)]).toEqual(['shared', false, false]);
  });
});
