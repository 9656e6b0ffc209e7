// Issue 12, section 2, bug 3: in the SMS corpus (not UTF-8), unquoted texts hold the delimiter, so
// the rest of a text spilled into the unnamed columns after it ("Column 3", "Column 4"), where it
// was silently kept as metadata while the text was cut. Such rows are now a problem class whose
// default joins the surplus back into the text with the delimiter that split it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importMapping } from '../../../common/contract';
import { corpusFile } from '../test-support/corpora';
import { useTempDir } from '../test-support/temp-dir';
import { makeTestCore, type TestCore } from '../test-support/test-core';
import { analyzeImport } from './import-job';

const tmp = useTempDir();
const sms = () => corpusFile('sms_spam_nonutf8', 'spam.csv');
const commas = (s: string) => s.split(',').length - 1;

async function allDocuments(t: TestCore) {
  const docs: { externalId: string; text: string; metadata: Record<string, string> }[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await t.call('documents.list', { offset, limit: 1000 });
    docs.push(...page.rows);
    if (docs.length >= page.total) return docs;
  }
}

async function importSms(decisions: object, name = 'sms') {
  const dir = tmp();
  const t = makeTestCore(dir);
  await t.call('project.create', { name, path: join(dir, `${name}.prelabel`) });
  const started = await t.call('import.start', {
    source: { kind: 'path', path: sms() },
    options: {},
    mapping: { textColumns: ['Message'], goldColumn: 'Response' } as never,
    decisions: decisions as never,
  });
  return { t, done: await t.waitForJob(started.jobId) };
}

describe('bug 3: texts that hold the delimiter spill into the next columns and are cut', () => {
  it('the check lists the 50 spilled SMS rows as their own class, joining them by default', async () => {
    const mapping = importMapping.parse({ textColumns: ['Message'], goldColumn: 'Response' });
    const analysis = await analyzeImport({ path: sms(), name: 'spam.csv' }, {}, mapping, new AbortController().signal, () => {});
    const spill = analysis.problems.find((p) => p.code === 'text_spill');
    expect(spill).toMatchObject({ count: 50, defaultChoice: 'join', choices: ['join', 'keep', 'skip', 'cancel'] });
    expect(spill!.rows.slice(0, 3)).toEqual([96, 282, 445]);
    expect(spill!.examples[0]!.message).toContain('Row 96');
    expect(analysis.problems.find((p) => p.code === 'ragged')).toBeUndefined();
  });

  it('by default every SMS comes back whole: as many commas as its line holds in the file', async () => {
    const { t, done } = await importSms({});
    // Flagged: the 50 spilled rows and 38 others whose text was garbled upstream (I‰Û÷m for I’m),
    // the mis-decoding class (row-problems.ts).
    expect(done).toMatchObject({ status: 'done', result: { imported: 5572, skipped: 0, flagged: 88 } });
    // Each record is one CRLF line; after the label's comma and before the trailing empty fields,
    // every comma of the line belongs to the text.
    const lines = readFileSync(sms(), 'latin1').split('\r\n').slice(1);
    const docs = await allDocuments(t);
    expect(docs).toHaveLength(lines.length);
    docs.forEach((doc, i) => {
      const line = lines[i]!;
      const trailing = /,*$/.exec(line)![0].length;
      expect(commas(doc.text), `row ${i + 1}: ${line}`).toBe(commas(line) - 1 - trailing);
      for (const c of ['Column 3', 'Column 4', 'Column 5']) expect(doc.metadata[c] ?? '').toBe('');
    });
    const row96 = docs[95]!.text;
    expect(row96).toMatch(/Get Usher and Britney\. FML, PO Box 5249, MK17 92H\. 450Ppw 16"$/);
    await t.core.shutdown();
  });

  it('"keep" keeps the old reading (the surplus as metadata), "skip" leaves the rows out', async () => {
    const kept = await importSms({ text_spill: 'keep' });
    expect(kept.done.result).toMatchObject({ imported: 5572 });
    const doc = (await allDocuments(kept.t))[95]!;
    expect(doc.text).toMatch(/FML$/);
    expect(doc.metadata['Column 3']).toBe(' PO Box 5249');
    await kept.t.core.shutdown();
    const skipped = await importSms({ text_spill: 'skip' }, 'skipped');
    expect(skipped.done.result).toMatchObject({ imported: 5522, skipped: 50 });
    await skipped.t.core.shutdown();
  });

  it('a row longer than the header, with the text last, is joined with its own delimiter', async () => {
    const path = join(tmp(), 'short.tsv');
    writeFileSync(path, 'label\ttext\npos\tone\ttwo\tthree\nneg\tfour\n');
    const mapping = importMapping.parse({ textColumns: ['text'] });
    const analysis = await analyzeImport({ path, name: 'short.tsv' }, {}, mapping, new AbortController().signal, () => {});
    expect(analysis.problems.map((p) => p.code)).toEqual(['text_spill']);
    const dir = tmp();
    const t = makeTestCore(dir);
    await t.call('project.create', { name: 'p', path: join(dir, 'p.prelabel') });
    const started = await t.call('import.start', { source: { kind: 'path', path }, options: {}, mapping });
    await t.waitForJob(started.jobId);
    expect((await allDocuments(t)).map((d) => d.text)).toEqual(['one\ttwo\tthree', 'four']);
    await t.core.shutdown();
  });

  it('an unnamed column that holds a value in most rows is a column, not a spill', async () => {
    const path = join(tmp(), 'dates.csv');
    writeFileSync(path, 'id,text,\n1,first text,2020-01-01\n2,second text,2020-01-02\n3,third text,\n');
    const mapping = importMapping.parse({ textColumns: ['text'], idColumn: 'id' });
    const analysis = await analyzeImport({ path, name: 'dates.csv' }, {}, mapping, new AbortController().signal, () => {});
    expect(analysis.problems).toEqual([]);
  });
});
