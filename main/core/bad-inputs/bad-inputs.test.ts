// The bad-input catalogue (catalogue.ts, README.md): every malformed file, codebook, model folder,
// project file and payload ends in its one-line error, with no stack logged, and the open project
// is exactly as it was (a logical dump of every table and the schema, before and after).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ImportPreview, ProjectInfo } from '../../../common/contract';
import { makeTestCore, type TestCore } from '../test-support/test-core';
import { makeBaseProject, type BaseProject } from './test-support/base-project';
import { catalogue } from './test-support/catalogue';
import { FILES_DIR, logicalDump, placeInput, runInput } from './test-support/run-input';

let dir: string;
let core: TestCore;
let base: BaseProject;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'prelabel-bad-inputs-'));
  core = makeTestCore(dir);
  base = await makeBaseProject(core, dir);
});

afterAll(async () => {
  await core.core.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

const label = (e: (typeof catalogue)[number]) =>
  `${e.operation} ${e.input}${e.payload ? ` ${e.payload}` : ''}${e.options ? ` ${JSON.stringify(e.options)}` : ''}`;

describe('the bad-input catalogue', () => {
  it('holds at least 40 inputs of every kind the brief names', () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(40);
    for (const op of ['import', 'codebook-json', 'codebook-csv', 'model', 'project', 'call'] as const) {
      expect(catalogue.filter((e) => e.operation === op).length, op).toBeGreaterThanOrEqual(4);
    }
  });

  it('is listed in the README, entry by entry', () => {
    const readme = readFileSync(join(__dirname, 'README.md'), 'utf8');
    const rows = readme.split('\n').filter((l) => /^\| \d+ \|/.test(l));
    expect(rows).toHaveLength(catalogue.length);
    catalogue.forEach((e, i) => {
      expect(rows[i], label(e)).toContain(`| ${i + 1} | \`${e.input}\``);
      expect(rows[i], label(e)).toContain(`| ${e.operation} |`);
      expect(rows[i], label(e)).toContain(`| ${e.code} |`);
    });
  });

  it.each(catalogue.map((e, i) => [i + 1, label(e), e] as const))(
    '%i: %s ends in its one-line error, the project unchanged',
    async (_n, _l, entry) => {
      const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        const path = entry.operation === 'call' ? '' : placeInput(entry, dir);
        const before = logicalDump(base.path);
        const error = await runInput(core, entry, path);
        expect(error, 'the input was accepted').not.toBeNull();
        expect(error!.code).toBe(entry.code);
        expect(error!.message).toMatch(entry.error);
        expect(error!.message).not.toMatch(/\n|\bundefined\b|\bat \S+ \(|\[object Object\]/);
        expect(errors, 'the core logged an unexpected failure (a stack)').not.toHaveBeenCalled();
        const after = logicalDump(base.path);
        if (entry.operation === 'import') {
          // A failed import is recorded (status failed, no documents): the one row allowed to appear.
          const added = (after.imports as string[]).filter((r) => !(before.imports as string[]).includes(r));
          expect(added.length).toBeLessThanOrEqual(1);
          for (const row of added) expect(JSON.parse(row)[1]).toBe('failed');
          after.imports = before.imports;
        }
        expect(after).toEqual(before);
        const current = (await core.call('project.current', {})) as ProjectInfo | null;
        expect(current?.path).toBe(base.path);
      } finally {
        errors.mockRestore();
      }
    },
  );
});

// Inputs that look odd but are read on purpose, each in a way a person can check in the preview.
const ACCEPTED: [string, string[], string[]][] = [
  ['csv-duplicate-headers.csv', ['text', 'text (2)', 'id'], ['A', 'B', '1']],
  ['csv-double-bom.csv', ['id', 'text'], ['1', 'double BOM']],
  ['csv-utf16le-bom.csv', ['id', 'text'], ['1', 'hi']],
  ['csv-stray-quotes.csv', ['id', 'text'], ['1', 'ab"c"d']],
  ['csv-unclosed-quote.csv', ['id', 'text'], ['1', '"an unclosed quote']],
  ['json-array-of-scalars.json', ['value'], ['1']],
];

describe('odd inputs read on purpose', () => {
  it.each(ACCEPTED)('%s previews as columns %j', async (name, columns, first) => {
    const preview = (await core.call('import.preview', { source: { kind: 'path', path: join(FILES_DIR, name) } })) as ImportPreview;
    expect(preview.columns).toEqual(columns);
    expect(preview.rows[0]).toEqual(first);
  });
});
