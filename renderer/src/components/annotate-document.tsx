// The document being coded: large text, each paragraph in its own direction (Arabic and Hebrew read
// right to left, CJK in its own fonts), and the part the model never read (beyond its window)
// dimmed after a marked line, so the coder knows the suggestion did not weigh it.
import { memo } from 'react';
import { formatNumber, t } from '../i18n/t';

interface Paragraph {
  text: string;
  beyond: boolean;
}

/** Paragraphs of a text (split at line breaks), those after `windowEnd` marked as beyond the
 * model's window; a paragraph that crosses it is split there. */
export function paragraphs(text: string, windowEnd: number | null): { before: Paragraph[]; after: Paragraph[] } {
  const cut = windowEnd === null || windowEnd >= text.length ? text.length : Math.max(0, windowEnd);
  const split = (part: string, beyond: boolean) =>
    part
      .split(/\r\n|\r|\n/)
      .filter((p) => p.trim() !== '')
      .map((p) => ({ text: p, beyond }));
  return { before: split(text.slice(0, cut), false), after: split(text.slice(cut), true) };
}

interface AnnotateDocumentProps {
  documentId: number;
  text: string;
  modelWindowEnd: number | null;
}

function AnnotateDocumentView({ text, modelWindowEnd }: AnnotateDocumentProps) {
  const { before, after } = paragraphs(text, modelWindowEnd);
  return (
    <article className="annotate-text" data-testid="annotate-text" aria-label={t('annotate.textLabel')}>
      {before.map((p, i) => (
        <p key={`b${i}`} dir="auto">
          {p.text}
        </p>
      ))}
      {after.length > 0 && (
        <>
          <div className="annotate-window-end" role="separator" data-testid="annotate-window-end">
            <span>{t('annotate.windowEnd', { chars: formatNumber(text.length - (modelWindowEnd ?? 0)) })}</span>
          </div>
          <div className="annotate-beyond" data-testid="annotate-beyond">
            {after.map((p, i) => (
              <p key={`a${i}`} dir="auto">
                {p.text}
              </p>
            ))}
          </div>
        </>
      )}
    </article>
  );
}

/** Re-renders only when another document shows. */
export const AnnotateDocument = memo(
  AnnotateDocumentView,
  (a, b) => a.documentId === b.documentId && a.modelWindowEnd === b.modelWindowEnd && a.text === b.text,
);
