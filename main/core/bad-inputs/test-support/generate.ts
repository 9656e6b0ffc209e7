// The bad inputs that are binary or folders (workbooks, Parquet, model folders, project files), made
// on demand into a folder: the test makes them in a temp folder; `npx tsx main/core/bad-inputs/test-support/generate.ts
// OUT` writes them for a look by hand. The text inputs are committed as they are, in __fixtures__/.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ProjectStore } from '../../store/project-store';
import { xlsxEntries, zipBuffer } from '../../test-support/zip-writer';
import { odsEntries, textTable, contentXml } from '../../imports/test-support/ods-files';
import { tableFromArrays } from 'apache-arrow';
import { writeArrowParquet } from '../../test-support/parquet-files';

type Maker = (path: string) => void;

const sheet = xlsxEntries([
  { name: 'Speeches', rows: [['id', 'text'], ...Array.from({ length: 200 }, (_, i) => [`${i}`, `speech ${i}`])] },
]);
const odsSheet = odsEntries(
  contentXml(
    textTable('Speeches', [
      ['id', 'text'],
      ['1', 'one'],
      ['2', 'two'],
    ]),
  ),
);

/** A config.json of a 3-way NLI model, as the hub has them. */
const NLI_CONFIG = {
  model_type: 'bert',
  pad_token_id: 3,
  id2label: { 0: 'entailment', 1: 'neutral', 2: 'contradiction' },
  label2id: { entailment: 0, neutral: 1, contradiction: 2 },
};
const TOKENIZER = JSON.stringify({
  version: '1.0',
  model: {
    type: 'WordPiece',
    vocab: { '[UNK]': 0, '[CLS]': 1, '[SEP]': 2, '<pad>': 3, '[PAD]': 4 },
    unk_token: '[UNK]',
    continuing_subword_prefix: '##',
    max_input_chars_per_word: 100,
  },
  decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
  normalizer: null,
  pre_tokenizer: { type: 'BertPreTokenizer' },
  added_tokens: [],
  post_processor: { type: 'BertProcessing', cls: ['[CLS]', 1], sep: ['[SEP]', 2] },
});
const TOKENIZER_WITHOUT_PAIRS = JSON.stringify({ version: '1.0', model: { type: 'WordPiece', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' } });

function modelFolder(files: Record<string, string | Buffer>): Maker {
  return (dir) => {
    for (const [name, data] of Object.entries(files)) {
      mkdirSync(join(dir, ...name.split('/').slice(0, -1)), { recursive: true });
      writeFileSync(join(dir, ...name.split('/')), data);
    }
    mkdirSync(dir, { recursive: true });
  };
}

/** A real (empty) project, changed by `change` through a second connection. */
function project(change: (db: Database.Database, path: string) => void): Maker {
  return (path) => {
    ProjectStore.create(path, 'Bad input').close();
    const db = new Database(path);
    change(db, path);
    db.close();
  };
}

export const generated: Record<string, Maker> = {
  'xlsx-truncated.xlsx': (p) => writeFileSync(p, zipBuffer(sheet).subarray(0, 900)),
  'xlsx-missing-sheet-part.xlsx': (p) => writeFileSync(p, zipBuffer(sheet.filter((e) => !e.name.startsWith('xl/worksheets/')))),
  'xlsx-zip-of-text.xlsx': (p) => writeFileSync(p, zipBuffer([{ name: 'readme.txt', data: 'hello' }])),
  'xlsx-bad-xml.xlsx': (p) =>
    writeFileSync(
      p,
      zipBuffer(sheet.map((e) => (e.name.startsWith('xl/worksheets/') ? { ...e, data: '<worksheet><sheetData><row><c' } : e))),
    ),
  'ods-truncated.ods': (p) => writeFileSync(p, zipBuffer(odsSheet).subarray(0, 300)),
  'ods-without-content.ods': (p) => writeFileSync(p, zipBuffer(odsSheet.filter((e) => e.name !== 'content.xml'))),
  'parquet-cut-footer.parquet': (p) => {
    writeArrowParquet(p, tableFromArrays({ id: ['1', '2', '3'], text: ['one', 'two', 'three'] }));
    const bytes = readFileSync(p);
    writeFileSync(p, bytes.subarray(0, bytes.length - 12));
  },
  'model-missing-config': modelFolder({ 'tokenizer.json': TOKENIZER, 'onnx/model.onnx': Buffer.from('not onnx') }),
  'model-missing-tokenizer': modelFolder({ 'config.json': JSON.stringify(NLI_CONFIG), 'onnx/model.onnx': Buffer.from('not onnx') }),
  'model-config-not-json': modelFolder({
    'config.json': '{"id2label": {',
    'tokenizer.json': TOKENIZER,
    'onnx/model.onnx': Buffer.from('x'),
  }),
  'model-no-entailment': modelFolder({
    'config.json': JSON.stringify({
      model_type: 'bert',
      id2label: { 0: 'negative', 1: 'positive' },
      label2id: { negative: 0, positive: 1 },
    }),
    'tokenizer.json': TOKENIZER,
    'onnx/model.onnx': Buffer.from('x'),
  }),
  'model-corrupt-onnx': modelFolder({
    'config.json': JSON.stringify(NLI_CONFIG),
    'tokenizer.json': TOKENIZER,
    'onnx/model.onnx': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)),
  }),
  'model-tokenizer-not-json': modelFolder({
    'config.json': JSON.stringify(NLI_CONFIG),
    'tokenizer.json': '{"model": ',
    'onnx/model.onnx': Buffer.from('x'),
  }),
  'model-tokenizer-no-pair-layout': modelFolder({
    'config.json': JSON.stringify(NLI_CONFIG),
    'tokenizer.json': TOKENIZER_WITHOUT_PAIRS,
    'onnx/model.onnx': Buffer.from('x'),
  }),
  'model-missing-onnx': modelFolder({ 'config.json': JSON.stringify(NLI_CONFIG), 'tokenizer.json': TOKENIZER }),
  'project-truncated.prelabel': (p) => {
    generated['project-ok.tmp']!(p);
    writeFileSync(p, readFileSync(p).subarray(0, 60));
  },
  'project-truncated-pages.prelabel': (p) => {
    generated['project-ok.tmp']!(p);
    writeFileSync(p, readFileSync(p).subarray(0, 8192));
  },
  'project-not-sqlite.prelabel': (p) => writeFileSync(p, 'id,text\n1,this is a CSV renamed to .prelabel\n'.repeat(10)),
  'project-empty.prelabel': (p) => writeFileSync(p, ''),
  'project-future-version.prelabel': project((db) => db.pragma('user_version = 9999')),
  'project-missing-table.prelabel': project((db) => {
    db.pragma('foreign_keys = OFF');
    db.exec('DROP TABLE annotations');
  }),
  'project-other-sqlite.prelabel': (p) => {
    const db = new Database(p);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES (1)');
    db.close();
  },
  'project-ok.tmp': (p) => ProjectStore.create(p, 'Bad input').close(),
};

/** Makes one generated input at `path` (a file, or a folder for model-*). */
export function makeInput(name: string, path: string): void {
  const make = generated[name];
  if (!make) throw new Error(`no generator for ${name}`);
  make(path);
}

export function copyInput(from: string, to: string): void {
  copyFileSync(from, to);
}

if (process.argv[1]?.endsWith('generate.ts') && process.argv[2]) {
  const out = process.argv[2];
  mkdirSync(out, { recursive: true });
  for (const name of Object.keys(generated)) makeInput(name, join(out, name));
  console.log(`${Object.keys(generated).length} inputs written to ${out}`);
}
