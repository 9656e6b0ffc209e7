// Kills of `prelabel import` (the built CLI) at random moments: reading, writing, committing,
// indexing. After each kill and a reopen: the file is sound, each import complete or absent (rows
// equal the file's, or none), the search index holds every document and finds a known word.
import { basename, join } from 'node:path';
import { cliArgs, cliOk, runChild, walBytes } from '../kill-run';
import {
  importProblems,
  removeProject,
  integrityProblems,
  leftoverTemporaries,
  readProject,
  searchCounts,
  searchIds,
  type Db,
} from '../project-checks';
import { randomDelay, reopen, secondOpener, type Scenario, type ScenarioContext } from '../scenario';

export interface ImportSource {
  /** The figures' name of the operation. */
  name: string;
  file: string;
  /** Import flags after the file. */
  flags: string[];
  rows: number;
  /** A word of a document and the id of a document that must be found by it (null: none to probe). */
  probe(db: Db, rnd: () => number): { word: string; ids: number[] } | null;
}

/** A random document's longest word (ASCII letters); the index must find that document by it. */
export function wordOfRandomDocument(db: Db, rnd: () => number): { word: string; ids: number[] } | null {
  const n = db.prepare('SELECT count(*) FROM documents').pluck().get() as number;
  if (n === 0) return null;
  const doc = db.prepare('SELECT id, text FROM documents ORDER BY id LIMIT 1 OFFSET ?').get(Math.floor(rnd() * n)) as {
    id: number;
    text: string;
  };
  const words = doc.text.toLowerCase().match(/\b[a-z]{4,}\b/g) ?? [];
  const word = words.sort((a, b) => b.length - a.length)[0];
  return word ? { word, ids: [doc.id] } : null;
}

export function importScenario(ctx: ScenarioContext, source: ImportSource): Scenario {
  const project = join(ctx.dir, 'import.prelabel');
  let duration = 1000;
  let seen = 0;
  const fresh = async () => {
    seen = 0;
    removeProject(project);
    await cliOk(ctx.home, 'init', project);
  };
  const check = async () => {
    await reopen(ctx, project);
    readProject(project, (db) => {
      for (const p of integrityProblems(db)) ctx.problem(p);
      for (const p of importProblems(db, { [basename(source.file)]: source.rows })) ctx.problem(p);
      const imports = db.prepare('SELECT count(*) FROM imports').pluck().get() as number;
      const last = db.prepare('SELECT status FROM imports ORDER BY started_at DESC, rowid DESC LIMIT 1').pluck().get() as
        string | undefined;
      const outcome = imports === seen ? 'not begun' : last === 'committed' ? 'complete' : 'absent (no rows)';
      ctx.count(`${source.name}: the import after a try was ${outcome}`);
      seen = imports;
      const { documents, indexed } = searchCounts(db);
      if (documents !== indexed) ctx.problem(`the search index holds ${indexed} rows for ${documents} documents`);
      const probe = source.probe(db, ctx.rnd);
      if (probe) {
        const found = new Set(searchIds(db, probe.word));
        if (!probe.ids.every((id) => found.has(id))) ctx.problem(`a search for "${probe.word}" misses document ${probe.ids.join(', ')}`);
      }
    });
    for (const t of leftoverTemporaries(ctx.dir)) ctx.problem(`temporary file left: ${t}`);
  };
  return {
    name: source.name,
    async setup() {
      await fresh();
      const timed = await cliOk(ctx.home, 'import', project, source.file, ...source.flags);
      duration = timed.ms;
      await fresh();
    },
    async killOnce() {
      const opener = ctx.rnd() < 0.5 ? secondOpener(ctx, project, randomDelay(ctx, duration)) : Promise.resolve();
      // Three kills in four a random moment after the import began writing (its WAL past 32 KB:
      // rows, the commit, the search index); the others at any moment of the command.
      const whileWriting = ctx.rnd() < 0.75;
      const delay = randomDelay(ctx, whileWriting ? duration / 3 : duration * 1.1);
      const r = await runChild(cliArgs('import', project, source.file, ...source.flags, '--json'), {
        home: ctx.home,
        killAfterMs: whileWriting ? null : delay,
        killWhen: whileWriting ? () => (walBytes(project) > 32 * 1024 ? delay : null) : undefined,
      });
      await opener;
      if (!r.killed && r.code !== 0) ctx.problem(`import exited ${r.code}: ${r.stderr.trim()}`);
      await check();
      // Keep the project small: a new one once two imports went through.
      const committed = readProject(
        project,
        (db) => db.prepare("SELECT count(*) FROM imports WHERE status = 'committed'").pluck().get() as number,
      );
      if (committed >= 2) await fresh();
      return r.killed;
    },
    async finish() {
      await cliOk(ctx.home, 'import', project, source.file, ...source.flags);
      await check();
    },
  };
}
