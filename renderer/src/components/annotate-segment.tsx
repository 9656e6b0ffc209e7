// A unit of a segmentation in Annotate: its place in the parent document ("Segment 3 of 12 of
// <parent>"), the choice of how many neighbouring units to show, and the unit itself highlighted
// between the neighbours before and after it, which are set smaller and in the muted text colour
// (still at the contrast AA asks for: the coder must be able to read them) and say in their names
// that they are context, not what is coded.
import { useId } from 'react';
import type { SegmentContext } from '../../../common/contract';
import { t } from '../i18n/t';
import { CONTEXT_MAX, visibleContext } from '../state/segment-context';
import { AnnotateDocument } from './annotate-document';

const SIZES = Array.from({ length: CONTEXT_MAX + 1 }, (_, i) => i);

interface SegmentHeadProps {
  context: SegmentContext;
  contextSize: number;
  onContextSize(size: number): void;
}

/** The heading of a unit and the context control beside it. */
export function AnnotateSegmentHead({ context, contextSize, onContextSize }: SegmentHeadProps) {
  const id = useId();
  return (
    <>
      <h2 className="annotate-doc-id" dir="auto" data-testid="annotate-doc-id">
        {t('segments.annotate.position', { index: context.index + 1, count: context.count, parent: context.parentExternalId })}
      </h2>
      <div className="field field-inline annotate-context-size">
        <label className="field-label" htmlFor={id}>
          {t('segments.annotate.context')}
        </label>
        <select
          id={id}
          className="select select-small"
          value={contextSize}
          title={t('segments.annotate.contextHint')}
          onChange={(e) => onContextSize(Number(e.target.value))}
          data-testid="annotate-context-size"
        >
          {SIZES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}

function ContextUnits({ units, side }: { units: SegmentContext['before']; side: 'before' | 'after' }) {
  if (units.length === 0) return null;
  return (
    <section
      className={`annotate-context annotate-context-${side}`}
      aria-label={t(`segments.annotate.${side}`)}
      data-testid={`annotate-context-${side}`}
    >
      {units.map((u) => (
        <p key={u.id} dir="auto" data-testid="annotate-context-unit" data-index={u.index}>
          {u.text}
        </p>
      ))}
    </section>
  );
}

interface AnnotateSegmentProps {
  context: SegmentContext;
  contextSize: number;
  documentId: number;
  text: string;
  modelWindowEnd: number | null;
}

/** The unit between its neighbours. */
export function AnnotateSegment({ context, contextSize, documentId, text, modelWindowEnd }: AnnotateSegmentProps) {
  const { before, after } = visibleContext(context, contextSize);
  return (
    <div className="annotate-segment">
      <ContextUnits units={before} side="before" />
      <div className="annotate-unit" data-testid="annotate-unit">
        <AnnotateDocument documentId={documentId} text={text} modelWindowEnd={modelWindowEnd} />
      </div>
      <ContextUnits units={after} side="after" />
    </div>
  );
}

/** After a unit shows: when its neighbours before push it below the fold of the scrolling text,
 * scroll so that the unit starts near the top, with a line of its context above it. */
export function showUnit(scroller: HTMLElement | null): void {
  const unit = scroller?.querySelector<HTMLElement>('.annotate-unit');
  if (!scroller || !unit) return;
  const frame = scroller.getBoundingClientRect();
  const box = unit.getBoundingClientRect();
  if (box.bottom <= frame.bottom) return;
  scroller.scrollTo?.({ top: Math.max(0, box.top - frame.top + scroller.scrollTop - 48) });
}
