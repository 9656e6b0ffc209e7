// A decision made where no suggestion was shown is neither "accepted" nor "changed": Browse, its
// "changed" filter and the progress counts treat it as a plain decision (found while fixing issue 10).
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { codingProject } from './test-support/coding-fixture';

const tmp = useTempDir();
const STANCE = { name: 'Stance', labels: [{ name: 'favour' }, { name: 'against' }] };

describe('a decision without a suggestion', () => {
  it('is not shown or counted as "changed"', async () => {
    const p = await codingProject(tmp(), 3, [STANCE]);
    const q = p.codebook.questions[0]!;
    await p.t.call('annotate.decide', {
      questionId: q.id,
      documentId: p.documentIds[0]!,
      coder: 'Ana',
      kind: 'label',
      labelIds: [q.labels[1]!.id],
    });
    const page = await p.t.call('browse.page', { questionId: q.id });
    expect(page.rows.find((r) => r.id === p.documentIds[0])!.accepted).toBeNull();
    expect((await p.t.call('browse.page', { questionId: q.id, agreement: 'changed' })).rows).toEqual([]);
    expect(await p.t.call('annotate.progress', { questionId: q.id })).toMatchObject({ decided: 1, accepted: 0, changed: 0 });
    await p.t.core.shutdown();
  });

  it('stored as "changed" by an older version is corrected when the project opens', async () => {
    const p = await codingProject(tmp(), 3, [STANCE]);
    const q = p.codebook.questions[0]!;
    await p.t.call('annotate.decide', {
      questionId: q.id,
      documentId: p.documentIds[0]!,
      coder: 'Ana',
      kind: 'label',
      labelIds: [q.labels[0]!.id],
    });
    await p.t.core.shutdown();
    // What versions 2-4 wrote: accepted = 0 without a suggestion, at file format 4.
    const raw = new Database(p.path);
    raw.prepare('UPDATE coding_state SET accepted = 0 WHERE annotation_id IS NOT NULL').run();
    // Without what later versions added (version 6: the units of analysis; 7: validation samples and
    // decision provenance; 8: several coders; 9: the model-input key; 10: the suggestion margin), so the
    // file is format 4 again.
    raw.exec(`DROP INDEX coding_state_margin; ALTER TABLE coding_state DROP COLUMN suggestion_margin;
      DROP INDEX prediction_documents_input_hash; ALTER TABLE prediction_documents DROP COLUMN input_hash;
      DROP INDEX annotations_role; ALTER TABLE annotations DROP COLUMN role; DROP TABLE coder_state;
      DROP INDEX coding_state_resolution; ALTER TABLE coding_state DROP COLUMN coders; ALTER TABLE coding_state DROP COLUMN resolution;
      DROP INDEX documents_gold; DROP INDEX annotations_sample;
      ALTER TABLE annotations DROP COLUMN sample_id; ALTER TABLE annotations DROP COLUMN blind;
      ALTER TABLE annotations DROP COLUMN suggestion_shown; ALTER TABLE annotations DROP COLUMN gold_shown;
      DROP TABLE sample_documents; DROP TABLE samples;
      DROP INDEX documents_parent;
      ALTER TABLE documents DROP COLUMN parent_id; ALTER TABLE documents DROP COLUMN segment_index;
      ALTER TABLE documents DROP COLUMN char_start; ALTER TABLE documents DROP COLUMN char_end;
      ALTER TABLE imports DROP COLUMN segmented_by;`);
    raw.pragma('user_version = 4');
    raw.close();
    const { makeTestCore } = await import('../test-support/test-core');
    const t = makeTestCore(tmp());
    await t.call('project.open', { path: p.path });
    expect((await t.call('browse.page', { questionId: q.id, agreement: 'changed' })).rows).toEqual([]);
    expect(await t.call('annotate.progress', { questionId: q.id })).toMatchObject({ decided: 1, accepted: 0, changed: 0 });
    await t.core.shutdown();
  });
});
