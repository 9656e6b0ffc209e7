// Drawing a validation sample (issue 13): the size from the precision wanted (expected accuracy,
// margin, confidence) with the formula and its numbers, a seed, optionally a metadata column to
// stratify by, then "Draw". The sample is stored in the project and coded blind in its own queue.
// Or a reliability sample (issue 14), which every coder codes and agreement is computed on: its size
// from the rarest label's expected share, the smallest alpha accepted and the significance level
// (Krippendorff's minimum N, the formula with its numbers).
import { useEffect, useId, useState } from 'react';
import { formatNumber, t } from '../i18n/t';
import { useCodebook } from '../state/codebook-store';
import {
  defaultReliabilityWish,
  defaultWish,
  reliabilitySizing,
  useSamples,
  wishShares,
  type ReliabilityWish,
  type SampleWish,
} from '../state/samples-store';
import type { SampleInfo } from '../../../common/contract';

interface ValidationSampleFormProps {
  questionId: string;
  onDrawn(sample: SampleInfo): void;
  onCancel(): void;
}

function NumberField({
  label,
  value,
  onChange,
  testId,
  hint,
}: {
  label: string;
  value: string;
  onChange(v: string): void;
  testId: string;
  hint?: string;
}) {
  const id = useId();
  return (
    <div className="field sample-field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input id={id} className="input" inputMode="decimal" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
      {hint && <p className="field-hint">{hint}</p>}
    </div>
  );
}

export function ValidationSampleForm({ questionId, onDrawn, onCancel }: ValidationSampleFormProps) {
  const plan = useSamples((s) => s.plan);
  const planError = useSamples((s) => s.planError);
  const columns = useSamples((s) => s.columns);
  const drawing = useSamples((s) => s.drawing);
  const error = useSamples((s) => s.error);
  const [wish, setWish] = useState<SampleWish>(defaultWish);
  const [kind, setKind] = useState<'validation' | 'reliability'>('validation');
  const [rel, setRel] = useState<ReliabilityWish>(defaultReliabilityWish);
  const categories = useCodebook((s) => s.saved?.questions.find((q) => q.id === questionId)?.labels.filter((l) => !l.archived).length ?? 0);
  const sizing = reliabilitySizing(rel, categories);
  const kindId = useId();
  const [seed, setSeed] = useState(() => String(Math.floor(Math.random() * 100_000)));
  const [size, setSize] = useState('');
  const [stratifyBy, setStratifyBy] = useState('');
  const stratId = useId();
  const valid = kind === 'reliability' ? sizing !== null : wishShares(wish) !== null;
  const sizingKey = JSON.stringify(sizing);

  useEffect(() => {
    if (kind === 'validation') void useSamples.getState().planSize(wish);
    else void useSamples.getState().planReliability(JSON.parse(sizingKey) as typeof sizing);
    // sizingKey stands for sizing (a new object each render).
  }, [wish, kind, sizingKey]);
  // The size follows the formula until the coder types another.
  const sizeText = size === '' && plan ? String(plan.n) : size;
  const sizeNumber = Number(sizeText);
  const seedNumber = Number(seed);
  const ready =
    Number.isInteger(sizeNumber) && sizeNumber >= 1 && Number.isInteger(seedNumber) && seedNumber >= 0 && seedNumber <= 2_147_483_647;

  const chosen = columns.find((c) => c.name === stratifyBy);
  // A column chosen before the size went down: its values need a larger sample.
  const tooManyChosen = chosen && ready && 2 * chosen.values > sizeNumber ? chosen : null;

  const draw = async () => {
    if (!ready || tooManyChosen) return;
    const sample = await useSamples.getState().draw({
      questionId,
      seed: seedNumber,
      size: sizeNumber,
      wish: valid ? wish : null,
      stratifyBy: stratifyBy || null,
      ...(kind === 'reliability' ? { kind, reliability: sizing } : {}),
    });
    if (sample) onDrawn(sample);
  };

  return (
    <section className="card sample-form" aria-label={t('samples.title')} data-testid="sample-form">
      <h3 className="subheading">{t(kind === 'reliability' ? 'samples.titleReliability' : 'samples.title')}</h3>
      <div className="field sample-field">
        <label className="field-label" htmlFor={kindId}>
          {t('samples.kind')}
        </label>
        <select
          id={kindId}
          className="select"
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as 'validation' | 'reliability');
            setSize('');
          }}
          data-testid="sample-kind"
        >
          <option value="validation">{t('samples.kind.validation')}</option>
          <option value="reliability">{t('samples.kind.reliability')}</option>
        </select>
      </div>
      <p className="field-hint">{t(kind === 'reliability' ? 'samples.introReliability' : 'samples.intro')}</p>
      {kind === 'reliability' ? (
        <div className="sample-fields">
          <NumberField
            label={t('samples.smallestShare')}
            value={rel.smallestShare}
            onChange={(v) => setRel({ ...rel, smallestShare: v })}
            testId="sample-smallest-share"
            hint={t('samples.smallestShareHint', { count: categories })}
          />
          <NumberField
            label={t('samples.alphaMin')}
            value={rel.alphaMin}
            onChange={(v) => setRel({ ...rel, alphaMin: v })}
            testId="sample-alpha-min"
          />
          <NumberField
            label={t('samples.significance')}
            value={rel.significance}
            onChange={(v) => setRel({ ...rel, significance: v })}
            testId="sample-significance"
          />
        </div>
      ) : (
        <div className="sample-fields">
          <NumberField
            label={t('samples.expected')}
            value={wish.expected}
            onChange={(v) => setWish({ ...wish, expected: v })}
            testId="sample-expected"
          />
          <NumberField
            label={t('samples.margin')}
            value={wish.margin}
            onChange={(v) => setWish({ ...wish, margin: v })}
            testId="sample-margin"
          />
          <NumberField
            label={t('samples.confidence')}
            value={wish.confidence}
            onChange={(v) => setWish({ ...wish, confidence: v })}
            testId="sample-confidence"
          />
        </div>
      )}
      {!valid && <p className="error-text">{t(kind === 'reliability' ? 'samples.reliabilityInvalid' : 'samples.wishInvalid')}</p>}
      {planError && <p className="error-text">{planError}</p>}
      {plan && valid && (
        <p className="sample-formula" data-testid="sample-formula">
          {plan.text}
        </p>
      )}
      <div className="sample-fields">
        <NumberField
          label={t('samples.size')}
          value={sizeText}
          onChange={setSize}
          testId="sample-size"
          hint={plan ? t('samples.sizeHint', { population: formatNumber(plan.population) }) : undefined}
        />
        <NumberField label={t('samples.seed')} value={seed} onChange={setSeed} testId="sample-seed" hint={t('samples.seedHint')} />
        <div className="field sample-field">
          <label className="field-label" htmlFor={stratId}>
            {t('samples.stratify')}
          </label>
          <select
            id={stratId}
            className="select"
            value={stratifyBy}
            onChange={(e) => setStratifyBy(e.target.value)}
            data-testid="sample-stratify"
          >
            <option value="">{t('samples.noStrata')}</option>
            {columns.map((c) => {
              // A stratified sample gives every value at least 2 documents ([Note: drawing a sample]).
              const tooMany = ready && 2 * c.values > sizeNumber;
              return (
                <option key={c.name} value={c.name} disabled={tooMany} data-too-many={tooMany ? 'true' : 'false'}>
                  {tooMany
                    ? t('samples.columnTooMany', { name: c.name, count: formatNumber(c.values), needed: formatNumber(2 * c.values) })
                    : t('samples.column', { name: c.name, count: c.values })}
                </option>
              );
            })}
          </select>
          {stratifyBy && tooManyChosen && (
            <p className="error-text" data-testid="sample-stratify-too-many">
              {t('samples.stratifyTooMany', { name: stratifyBy, needed: formatNumber(2 * tooManyChosen.values) })}
            </p>
          )}
        </div>
      </div>
      {error && (
        <p className="error-text" role="alert" data-testid="sample-error">
          {error}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!ready || drawing || tooManyChosen !== null}
          onClick={() => void draw()}
          data-testid="sample-draw"
        >
          {drawing ? t('samples.drawing') : t('samples.draw', { count: Number.isInteger(sizeNumber) ? sizeNumber : 0 })}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('samples.cancel')}
        </button>
      </div>
    </section>
  );
}
