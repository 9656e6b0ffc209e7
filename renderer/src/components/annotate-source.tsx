// What an Annotate session codes (issue 13): the question's open documents, a validation sample
// (blind: no suggestion, no gold), or the skipped or flagged documents; drawing a new sample; and the
// project's switch that shows gold labels while coding (training), which never applies to a sample.
import { useEffect, useId, useState } from 'react';
import type { QueueSource, SampleInfo } from '../../../common/contract';
import { formatNumber, t } from '../i18n/t';
import { useSamples } from '../state/samples-store';
import { ValidationSampleForm } from './validation-sample-form';

export interface SourceChoice {
  source: QueueSource;
  sampleId: string | null;
}

/** One line per sample: its size, seed, stratification and how far it is coded. */
export function sampleName(s: SampleInfo): string {
  const key =
    s.kind === 'reliability'
      ? 'samples.nameReliability'
      : s.kind === 'training'
        ? 'samples.nameTraining'
        : s.stratifyBy
          ? 'samples.nameStratified'
          : 'samples.name';
  return t(key, {
    size: formatNumber(s.size),
    seed: s.seed,
    column: s.stratifyBy ?? '',
    coded: formatNumber(s.coded),
  });
}

const encode = (c: SourceChoice) => (c.source === 'sample' ? `sample:${c.sampleId}` : c.source);
function decode(value: string): SourceChoice {
  if (value.startsWith('sample:')) return { source: 'sample', sampleId: value.slice('sample:'.length) };
  return { source: value as QueueSource, sampleId: null };
}

export function SourceField({ questionId, value, onChange }: { questionId: string; value: SourceChoice; onChange(c: SourceChoice): void }) {
  const id = useId();
  const samples = useSamples((s) => s.samples);
  const [drawing, setDrawing] = useState(false);
  useEffect(() => {
    void useSamples.getState().load(questionId);
  }, [questionId]);
  const mine = samples.filter((s) => s.questionId === questionId);
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {t('annotate.source')}
      </label>
      <div className="annotate-source-row">
        <select
          id={id}
          className="select"
          value={encode(value)}
          onChange={(e) => onChange(decode(e.target.value))}
          data-testid="annotate-source"
        >
          <option value="queue">{t('annotate.source.queue')}</option>
          {mine.map((s) => (
            <option key={s.id} value={`sample:${s.id}`}>
              {sampleName(s)}
            </option>
          ))}
          <option value="skipped">{t('annotate.source.skipped')}</option>
          <option value="flagged">{t('annotate.source.flagged')}</option>
        </select>
        {!drawing && (
          <button type="button" className="btn btn-small" onClick={() => setDrawing(true)} data-testid="sample-new">
            {t('samples.new')}
          </button>
        )}
      </div>
      <p className="field-hint">{value.source === 'sample' ? t('annotate.source.sampleHint') : t('annotate.source.hint')}</p>
      {drawing && (
        <ValidationSampleForm
          questionId={questionId}
          onDrawn={(s) => {
            setDrawing(false);
            onChange({ source: 'sample', sampleId: s.id });
          }}
          onCancel={() => setDrawing(false)}
        />
      )}
    </div>
  );
}

/** "Show gold labels while coding (training)": the project's switch, for documents with gold. */
export function GoldSwitch({ onChanged }: { onChanged?: () => void }) {
  const showGold = useSamples((s) => s.showGold);
  const hasGold = useSamples((s) => s.hasGold);
  const error = useSamples((s) => s.settingsError);
  useEffect(() => {
    void useSamples.getState().loadSettings();
  }, []);
  if (!hasGold) return null;
  return (
    <div className="field">
      <label className="check">
        <input
          type="checkbox"
          checked={showGold}
          onChange={(e) =>
            void useSamples
              .getState()
              .setShowGold(e.target.checked)
              .then(() => onChanged?.())
          }
          data-testid="annotate-show-gold"
        />
        <span>{t('annotate.showGold')}</span>
      </label>
      <p className="field-hint">{t('annotate.showGoldHint')}</p>
      {error && (
        <p className="error-text" role="alert" data-testid="annotate-show-gold-error">
          {error}
        </p>
      )}
    </div>
  );
}
