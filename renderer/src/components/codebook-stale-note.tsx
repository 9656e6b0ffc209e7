// What a question's edits mean for its predictions: a warning when some are stale (made with an
// earlier template, hypotheses or long-text setting), and a note before the save when the draft
// changes what the model is asked while current predictions exist.
import { t } from '../i18n/t';
import { Notice } from './notice';

interface CodebookStaleNoteProps {
  questionName: string;
  predictions: { scored: number; stale: number } | undefined;
  changesModelInput: boolean;
}

export function CodebookStaleNote({ questionName, predictions, changesModelInput }: CodebookStaleNoteProps) {
  if (!predictions) return null;
  return (
    <>
      {predictions.stale > 0 && (
        <Notice kind="warning" testId="codebook-stale">
          {t('codebookEditor.stale.now', { count: predictions.stale, question: questionName.trim() })}
        </Notice>
      )}
      {changesModelInput && predictions.scored > 0 && (
        <p className="field-hint hint-warning" role="status" data-testid="codebook-will-be-stale">
          {t('codebookEditor.stale.willBe', { count: predictions.scored })}
        </p>
      )}
    </>
  );
}
