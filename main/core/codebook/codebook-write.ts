// Replaces a project's codebook in one transaction and records the change as a codebook revision.
// [Note: codebook history] Questions and labels that the project's history refers to (decisions,
// suggestions shown, predictions, pre-label runs) are archived when they disappear from the
// codebook, never deleted, so every decision still names the label it chose; unused ones are
// deleted. An archived item keeps its id; if a current item takes its name, it is renamed
// "Name (archived)", since names are unique within a question (and questions within a project).
import { randomUUID } from 'node:crypto';
import type { Codebook } from '../../../common/contract';
import { CodebookWriter, insertRevision, labelsInUse, latestRevisionId, questionsInUse } from '../store/codebook-store';
import type { Db } from '../store/project-db';
import { describeChanges } from './codebook-changes';
import { readCodebook } from './codebook-read';
import { archivedNames, planCodebook, type CodebookInput } from './codebook-plan';

export interface SetCodebookOptions {
  /** The revision summary when the caller knows better than the generated one (e.g. an import). */
  summary?: string;
}

export function setCodebook(db: Db, input: CodebookInput, options: SetCodebookOptions = {}): Codebook {
  return db.transaction(() => {
    const before = readCodebook(db);
    const plan = planCodebook(before, input);
    const write = new CodebookWriter(db);

    const usedLabels = labelsInUse(db, [
      ...plan.droppedLabels.map((d) => d.label.id),
      ...plan.droppedQuestions.flatMap((q) => q.labels.map((l) => l.id)),
    ]);
    const usedQuestions = questionsInUse(
      db,
      plan.droppedQuestions.map((q) => q.id),
    );
    for (const q of plan.droppedQuestions) if (q.labels.some((l) => usedLabels.has(l.id))) usedQuestions.add(q.id);

    // Unused items go first, which frees their names.
    for (const { label } of plan.droppedLabels) if (!usedLabels.has(label.id)) write.deleteLabel(label.id);
    for (const q of plan.droppedQuestions) {
      if (usedQuestions.has(q.id)) continue;
      for (const l of q.labels) write.deleteLabel(l.id);
      write.deleteQuestion(q.id);
    }

    // Every surviving stored item whose name changes steps aside first, so swaps and reuses of
    // names never meet the UNIQUE constraints halfway.
    const storedQuestions = new Map(before.questions.map((q) => [q.id, q]));
    const storedLabelNames = new Map(before.questions.flatMap((q) => q.labels.map((l) => [l.id, l.name] as const)));
    const keptQuestions = plan.droppedQuestions.filter((q) => usedQuestions.has(q.id));
    const keptQuestionNames = archivedNames(
      keptQuestions.map((q) => q.name),
      new Set(plan.questions.map((q) => q.record.name)),
    );
    const archivedQuestions = keptQuestions.map((q, k) => ({ q, name: keptQuestionNames[k]!, position: plan.questions.length + k }));
    for (const q of plan.questions)
      if (!q.isNew && storedQuestions.get(q.record.id)?.name !== q.record.name) write.moveAsideQuestion(q.record.id);
    for (const a of archivedQuestions) if (a.name !== a.q.name) write.moveAsideQuestion(a.q.id);

    const archivedLabels = plan.questions.flatMap((q) => {
      const kept = plan.droppedLabels.filter((d) => d.questionId === q.record.id && usedLabels.has(d.label.id));
      const names = archivedNames(
        kept.map((d) => d.label.name),
        new Set(q.labels.map((l) => l.record.name)),
      );
      return kept.map((d, k) => ({ id: d.label.id, name: names[k]!, position: q.labels.length + k }));
    });
    for (const q of plan.questions)
      for (const l of q.labels) if (!l.isNew && storedLabelNames.get(l.record.id) !== l.record.name) write.moveAsideLabel(l.record.id);
    for (const a of archivedLabels) if (storedLabelNames.get(a.id) !== a.name) write.moveAsideLabel(a.id);

    for (const q of plan.questions) write.upsertQuestion(q.record, q.isNew);
    for (const a of archivedQuestions) write.archiveQuestion(a.q.id, a.name, a.position);
    for (const q of plan.questions) for (const l of q.labels) write.upsertLabel(l.record, l.isNew);
    for (const a of archivedLabels) write.archiveLabel(a.id, a.name, a.position);
    // Parents last: a label may name a parent that comes after it or is new.
    for (const q of plan.questions) for (const l of q.labels) write.setParent(l.record.id, l.parentId);

    const after = readCodebook(db);
    if (JSON.stringify(after.questions) === JSON.stringify(before.questions)) return before;
    insertRevision(db, {
      id: randomUUID(),
      parentId: latestRevisionId(db),
      summary: (options.summary ?? input.summary ?? '').trim() || describeChanges(before, after),
      snapshot: JSON.stringify({ questions: after.questions }),
    });
    return readCodebook(db);
  })();
}
