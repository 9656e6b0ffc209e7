// How a merge matches what it brings: a package of a reliability sample holds the sample's documents,
// whose blind decisions come back in the sample; a sample drawn in the copy comes with its decisions,
// its documents mapped to the project's; documents are matched by external id and text, not by row
// id (a copy whose row ids all differ merges onto the right documents).
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codingProject } from '../coding/test-support/coding-fixture';
import { makeTestCore } from '../test-support/test-core';
import { useTempDir } from '../test-support/temp-dir';

const tmp = useTempDir();
const STANCE = { name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }] };

const docsOf = (db: Database.Database, sampleId: string) =>
  db
    .prepare(
      'SELECT d.external_id FROM sample_documents s JOIN documents d ON d.id = s.document_id WHERE s.sample_id = ? ORDER BY s.position',
    )
    .pluck()
    .all(sampleId);

describe('merge matching', () => {
  it('a reliability sample’s package comes back in its sample; a sample drawn in the copy comes along', async () => {
    const dir = tmp();
    const p = await codingProject(dir, 20, [STANCE]);
    const q = p.codebook.questions[0]!;
    await p.t.call('annotate.setSettings', { mode: 'every', blindCoders: true });
    const sample = await p.t.call('samples.create', { questionId: q.id, seed: 3, size: 8, kind: 'reliability' });
    const out = join(dir, 'ana.prelabel');
    expect(await p.t.call('project.package', { coder: 'Ana', path: out, sampleId: sample.id, blind: true })).toMatchObject({
      documents: 8,
    });
    const t = makeTestCore(join(dir, 'ana'));
    await t.call('project.open', { path: out });
    const db = () => t.core.context.project!.db;
    const inSample = db()
      .prepare('SELECT document_id FROM sample_documents WHERE sample_id = ? ORDER BY position')
      .pluck()
      .all(sample.id) as number[];
    expect(inSample).toHaveLength(8);
    for (const d of inSample)
      await t.call('annotate.decide', {
        questionId: q.id,
        documentId: d,
        coder: 'Ana',
        kind: 'label',
        labelIds: [q.labels[0]!.id],
        sampleId: sample.id,
      });
    const drawn = await t.call('samples.create', { questionId: q.id, seed: 5, size: 4, kind: 'training' });
    const drawnDocs = docsOf(db(), drawn.id);
    const first = db()
      .prepare('SELECT document_id FROM sample_documents WHERE sample_id = ? ORDER BY position LIMIT 1')
      .pluck()
      .get(drawn.id) as number;
    await t.call('annotate.decide', {
      questionId: q.id,
      documentId: first,
      coder: 'Ana',
      kind: 'label',
      labelIds: [q.labels[1]!.id],
      sampleId: drawn.id,
    });
    await t.core.shutdown();

    const report = await p.t.call('project.merge', { paths: [out] });
    expect(report.copies[0]).toMatchObject({ decisionsNew: 9, samplesNew: 1, conflicts: [] });
    const pdb = p.db();
    expect(pdb.prepare('SELECT count(*) FROM annotations WHERE sample_id = ?').pluck().get(sample.id)).toBe(8);
    expect(pdb.prepare('SELECT kind, size, seed FROM samples WHERE id = ?').get(drawn.id)).toEqual({ kind: 'training', size: 4, seed: 5 });
    expect(docsOf(pdb, drawn.id)).toEqual(drawnDocs);
    // The reliability sample is the project's own: its documents are as they were.
    expect(docsOf(pdb, sample.id)).toHaveLength(8);
    await p.t.core.shutdown();
  });

  it('documents are matched by external id and text, not by row id', async () => {
    const dir = tmp();
    const p = await codingProject(dir, 12, [STANCE]);
    const q = p.codebook.questions[0]!;
    const out = join(dir, 'ben.prelabel');
    await p.t.call('project.package', { coder: 'Ben', path: out, documents: 'all' });
    const t = makeTestCore(join(dir, 'ben'));
    await t.call('project.open', { path: out });
    for (const i of [0, 5, 11])
      await t.call('annotate.decide', {
        questionId: q.id,
        documentId: p.documentIds[i]!,
        coder: 'Ben',
        kind: 'label',
        labelIds: [q.labels[1]!.id],
      });
    await t.core.shutdown();
    // Every row id of the copy moves by 1000 (as in a file where the corpus was imported otherwise).
    const raw = new Database(out);
    raw.pragma('foreign_keys = OFF');
    for (const [table, column] of [
      ['documents', 'id'],
      ['annotations', 'document_id'],
      ['coder_state', 'document_id'],
      ['coding_state', 'document_id'],
      ['sample_documents', 'document_id'],
      ['prediction_documents', 'document_id'],
      ['predictions', 'document_id'],
    ])
      raw.exec(`UPDATE ${table} SET ${column} = ${column} + 1000`);
    raw.close();
    const report = await p.t.call('project.merge', { paths: [out] });
    expect(report).toMatchObject({ decisionsNew: 3, conflicts: 0 });
    expect(
      p
        .db()
        .prepare(
          "SELECT d.external_id FROM annotations a JOIN documents d ON d.id = a.document_id WHERE a.coder_id = (SELECT id FROM coders WHERE name = 'Ben') ORDER BY d.id",
        )
        .pluck()
        .all(),
    ).toEqual(['doc-1', 'doc-6', 'doc-12']);
    await p.t.core.shutdown();
  });

  it('a copy of an earlier revision merges after the project’s codebook moved on; a label the project deleted since is named', async () => {
    const dir = tmp();
    const p = await codingProject(dir, 6, [{ name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }, { name: 'unsure' }] }]);
    const q = p.codebook.questions[0]!;
    const out = join(dir, 'cleo.prelabel');
    await p.t.call('project.package', { coder: 'Cleo', path: out, documents: 'all' });
    const t = makeTestCore(join(dir, 'cleo'));
    await t.call('project.open', { path: out });
    await t.call('annotate.decide', {
      questionId: q.id,
      documentId: p.documentIds[0]!,
      coder: 'Cleo',
      kind: 'label',
      labelIds: [q.labels[2]!.id],
    });
    await t.core.shutdown();
    // The project's codebook moves on (a label added: a new revision) ...
    await p.t.call('codebook.set', { questions: [{ ...q, labels: [...q.labels, { name: 'neither' }] }] });
    const before = p.db().prepare('SELECT count(*) FROM annotations').pluck().get();
    // ... and "unsure", which nobody in the project used, is deleted: the copy's decision is refused, named.
    await p.t.call('codebook.set', {
      questions: [{ ...q, labels: (await p.t.call('codebook.get', {})).questions[0]!.labels.filter((l) => l.name !== 'unsure') }],
    });
    const refused = await p.t.raw('project.merge', { paths: [out] });
    expect(refused).toMatchObject({
      ok: false,
      error: { message: 'Not merged: cleo.prelabel: its decisions use label "unsure" of "Stance", which the project does not have.' },
    });
    expect(p.db().prepare('SELECT count(*) FROM annotations').pluck().get()).toBe(before);
    // With "unsure" back (its id again), the copy, made under a revision in the project's history, merges.
    await p.t.call('codebook.set', {
      questions: [
        {
          ...(await p.t.call('codebook.get', {})).questions[0]!,
          labels: [...(await p.t.call('codebook.get', {})).questions[0]!.labels, { id: q.labels[2]!.id, name: 'unsure' }],
        },
      ],
    });
    expect(await p.t.call('project.merge', { paths: [out] })).toMatchObject({ decisionsNew: 1, conflicts: 0 });
    await p.t.core.shutdown();
  });
});
