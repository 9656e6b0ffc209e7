// Test support for segmentation: a project whose documents are short speeches of several
// paragraphs and sentences, imported by the real importer through a test core, with a codebook.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Codebook, SegmentSpecInput } from '../../../../common/contract';
import type { Db } from '../../store/project-db';
import { makeTestCore, type TestCore } from '../../test-support/test-core';

export interface SpeechProject {
  t: TestCore;
  db: () => Db;
  path: string;
  codebook: Codebook;
}

export const SPEECHES = [
  { id: 'sp-1', party: 'Labour', text: 'We will build homes. We will fix the NHS!\n\nTaxes stay low. Is that fair?' },
  { id: 'sp-2', party: 'Conservative', text: 'Growth first.\nThen spending.\n\nBorders matter. Security matters. Order matters.' },
  { id: 'sp-3', party: 'Green', text: 'Climate is the question of our time.' },
];

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

export async function speechProject(dir: string, segment?: SegmentSpecInput): Promise<SpeechProject> {
  const t = makeTestCore(dir);
  const path = join(dir, 'speeches.prelabel');
  await t.call('project.create', { name: 'speeches', path });
  const csv = join(dir, 'speeches.csv');
  writeFileSync(csv, ['id,party,text', ...SPEECHES.map((s) => [s.id, s.party, quote(s.text)].join(','))].join('\n') + '\n');
  const started = await t.call('import.start', {
    source: { kind: 'path', path: csv },
    mapping: { textColumns: ['text'], idColumn: 'id' },
    ...(segment ? { segment } : {}),
  });
  const done = await t.waitForJob(started.jobId);
  if (done.status !== 'done') throw new Error(`import failed: ${JSON.stringify(done)}`);
  const codebook = await t.call('codebook.set', {
    questions: [{ name: 'Topic', multiLabel: true, labels: [{ name: 'economy' }, { name: 'welfare' }, { name: 'security' }] }],
  });
  return { t, db: () => t.core.context.project!.db, path, codebook };
}

/** Splits the open project and waits for the job; throws with the job's error when it failed. */
export async function split(t: TestCore, spec: SegmentSpecInput, importIds?: string[]): Promise<string> {
  const started = await t.call('segments.create', { spec, ...(importIds ? { importIds } : {}) });
  const done = await t.waitForJob(started.jobId);
  if (done.status !== 'done') throw new Error(`split failed: ${JSON.stringify(done.error)}`);
  return started.segmentationId;
}
