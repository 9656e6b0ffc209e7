// A small project with something in every part that bad input could damage: an import of
// documents, a codebook question with labels, a decision. The bad-input catalogue and the contract
// fuzzers run against it and compare it before and after.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Codebook, Decision } from '../../../../common/contract';
import type { TestCore } from '../../test-support/test-core';

export interface BaseProject {
  path: string;
  csv: string;
  questionId: string;
  labelIds: string[];
  documentIds: number[];
  decisionId: string;
}

export async function makeBaseProject(core: TestCore, dir: string): Promise<BaseProject> {
  const path = join(dir, 'base.prelabel');
  const csv = join(dir, 'speeches.csv');
  const rows = Array.from(
    { length: 12 },
    (_, i) => `s${i + 1},"Speech ${i + 1} about ${i % 2 ? 'taxes' : 'schools'}",${i % 2 ? 'economy' : 'education'}`,
  );
  writeFileSync(csv, `id,text,topic\n${rows.join('\n')}\n`);
  await core.call('project.create', { name: 'Base', path });
  const started = await core.call('import.start', {
    source: { kind: 'path', path: csv },
    mapping: { textColumns: ['text'], idColumn: 'id', goldColumn: 'topic' },
  });
  const done = await core.waitForJob(started.jobId);
  if (done.status !== 'done') throw new Error(`the base import ended ${done.status}`);
  const codebook: Codebook = await core.call('codebook.set', {
    questions: [
      {
        name: 'Topic',
        labels: [
          { name: 'economy', hotkey: '1' },
          { name: 'education', hotkey: '2' },
        ],
      },
    ],
  });
  const question = codebook.questions[0]!;
  const page = await core.call('documents.list', {});
  const documentIds = page.rows.map((r) => r.id);
  const decision: Decision = await core.call('annotate.decide', {
    questionId: question.id,
    documentId: documentIds[0]!,
    coder: 'Ana',
    kind: 'label',
    labelIds: [question.labels[0]!.id],
  });
  return { path, csv, questionId: question.id, labelIds: question.labels.map((l) => l.id), documentIds, decisionId: decision.id };
}
