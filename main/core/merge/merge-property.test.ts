// The merge's property (issue 14, "Must show"): random decisions (labels, "none", skips, undos,
// notes, flags) by 3 coders on packages made from one project, merged in every order and repeatedly,
// give the same project: the same logical dump (decisions by id with every column, each coder's
// current decision, the project's current decision and how it was resolved, coders by name,
// samples, the tally) as merging in the canonical order. Seeded loop (fast-check is not installed).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rebuildState } from '../coding/coding-state';
import { mulberry32 } from '../seeded-random';
import { codingProject } from '../coding/test-support/coding-fixture';
import { makeTestCore } from '../test-support/test-core';
import { useTempDir } from '../test-support/temp-dir';
import { codeRandomly, copyProject, logicalDump } from './test-support/merge-fixture';

const tmp = useTempDir();
const QUESTIONS = [
  { name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }, { name: 'neutral' }] },
  { name: 'Topics', multiLabel: true, labels: [{ name: 'economy' }, { name: 'health' }, { name: 'rail' }] },
];
const CODERS = ['Ana', 'Ben', 'Cleo'];

const permutations = <T>(xs: readonly T[]): T[][] =>
  xs.length <= 1 ? [xs.slice()] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));

describe('merge property', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: every order of 3 coders' copies, merged once or twice, gives the same project`, async () => {
      const dir = tmp();
      const rnd = mulberry32(seed);
      const p = await codingProject(dir, 10, QUESTIONS);
      const rule = [{ rule: 'latest' }, { rule: 'majority' }, { rule: 'lead', lead: 'Ben' }][seed % 3]! as { rule: 'latest' };
      await p.t.call('annotate.setSettings', { mode: 'every' });
      // Decisions made in the project before packaging: each coder's own come back as present.
      for (const coder of CODERS) await codeRandomly(p.t, p.codebook.questions, p.documentIds, coder, rnd, 4);
      // The rule once the coders exist (a lead must be one of them).
      await p.t.call('annotate.setSettings', { resolution: rule });
      const copies: string[] = [];
      for (const coder of CODERS) {
        const path = join(dir, `${coder}.prelabel`);
        await p.t.call('project.package', { coder, path, documents: 'all', blind: rnd() < 0.5 });
        copies.push(path);
      }
      const bases = permutations(copies).map((_, i) => copyProject(p.db(), join(dir, `base-${i}.prelabel`)));
      await p.t.core.shutdown();
      for (const [i, path] of copies.entries()) {
        const t = makeTestCore(join(dir, `coder-${i}`));
        await t.call('project.open', { path });
        await codeRandomly(t, p.codebook.questions, p.documentIds, CODERS[i]!, rnd, 25);
        await t.core.shutdown();
      }
      let canonical: Record<string, unknown[]> | null = null;
      let canonicalNew = 0;
      for (const [i, order] of permutations(copies).entries()) {
        const t = makeTestCore(join(dir, `merge-${i}`));
        await t.call('project.open', { path: bases[i]! });
        const db = t.core.context.project!.db;
        const first = await t.call('project.merge', { paths: order });
        expect(first.conflicts).toBe(0);
        const dump = logicalDump(db);
        canonical ??= dump;
        canonicalNew ||= first.decisionsNew;
        expect(first.decisionsNew).toBe(canonicalNew);
        expect(dump).toEqual(canonical);
        // Again, in another order and copy by copy: nothing new, nothing changed.
        for (const path of [...order].reverse()) expect((await t.call('project.merge', { paths: [path] })).decisionsNew).toBe(0);
        expect(logicalDump(db)).toEqual(canonical);
        // The states are what the log says: rebuilt from the decisions alone, they are the same.
        if (i === 0) {
          for (const q of p.codebook.questions) rebuildState(db, q.id, '');
          expect(logicalDump(db)).toEqual(canonical);
        }
        await t.core.shutdown();
      }
      expect(canonicalNew).toBeGreaterThan(30);
      expect((canonical!.coders as { name: string }[]).map((c) => c.name)).toEqual(CODERS);
    });
  }
});
