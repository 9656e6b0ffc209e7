import { describe, expect, it } from 'vitest';
import { parseCodebookJson } from './codebook-json';

describe('codebook JSON file', () => {
  it('names the line and column of a syntax error', () => {
    const text = '{\n  "questions": [\n    { "name": "Stance", "labels": [], }\n  ]\n}\n';
    expect(() => parseCodebookJson(text, 'codebook.json')).toThrow(
      /^codebook\.json, line 3, column \d+: Expected double-quoted property name\. Check the file/,
    );
    expect(() => parseCodebookJson('{"questions": [', 'cut.json')).toThrow(/^cut\.json, /);
  });

  it('names the question and label of a schema error', () => {
    const text = JSON.stringify({ questions: [{ name: 'Stance', labels: [{ name: 'pro' }, { name: 'contra', hotkey: 'ctrl' }] }] });
    expect(() => parseCodebookJson(text, 'c.json')).toThrow(
      'c.json: question "Stance", label "contra", hotkey: a hotkey is one letter or digit.',
    );
    expect(() => parseCodebookJson('[]', 'c.json')).toThrow(/^c\.json: a codebook file holds \{"questions": \[\.\.\.\]\}/);
    expect(() => parseCodebookJson('{"questions": [{"name": "S", "labels": [], "colour": "red"}]}', 'c.json')).toThrow(
      /^c\.json: question "S": /,
    );
  });

  it("reads back what Prelabel writes: a BOM, the revision id and --get --json's wrapper", () => {
    const body = { questions: [{ name: 'S', labels: [{ name: 'x' }] }], revisionId: null };
    expect(parseCodebookJson('\uFEFF' + JSON.stringify(body), 'a.json').questions[0]!.name).toBe('S');
    expect(parseCodebookJson(JSON.stringify({ ok: true, codebook: body }), 'a.json').questions).toHaveLength(1);
  });
});
