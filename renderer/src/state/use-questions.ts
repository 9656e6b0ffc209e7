// The stored codebook's questions (archived ones left out), loaded on first use. With autoSelect
// (the pre-label screen) a question is always in focus: the chosen one, else the first with labels.
import { useEffect, useMemo } from 'react';
import type { CodebookQuestion } from '../../../common/contract';
import { useCodebook } from './codebook-store';
import { usePrelabel } from './prelabel-store';

export function useQuestions(autoSelect: boolean): CodebookQuestion[] {
  const saved = useCodebook((s) => s.saved);
  const questionId = usePrelabel((s) => s.questionId);
  const questions = useMemo(() => (saved?.questions ?? []).filter((q) => !q.archived), [saved]);

  useEffect(() => {
    void useCodebook.getState().load();
  }, []);

  useEffect(() => {
    if (!saved) return;
    if (questionId && questions.some((q) => q.id === questionId)) return;
    // The question in focus went away (removed from the codebook), or none was chosen yet.
    if (!autoSelect) {
      if (questionId) usePrelabel.getState().selectQuestion(null);
      return;
    }
    const first = questions.find((q) => q.labels.some((l) => !l.archived)) ?? questions[0];
    if (first || questionId) usePrelabel.getState().selectQuestion(first?.id ?? null);
  }, [saved, questions, questionId, autoSelect]);

  return questions;
}
