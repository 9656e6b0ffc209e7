// Which documents the Validation screen's numbers come from: whether the intervals hold for the
// corpus (a random sample with something compared and nothing skipped; amber otherwise) and whose
// decisions are the truth (the coders with their counts, and the documents several coders decided).
import type { EvaluationResult } from '../../../common/contract';
import { t } from '../i18n/t';

export function RandomBanner({ result: r }: { result: EvaluationResult }) {
  const skipped = r.documents.notLabels;
  const [ok, text] = !r.source.random
    ? [false, t('validation.notRandom')]
    : r.documents.used === 0
      ? [false, t('validation.randomEmpty')]
      : skipped > 0
        ? [false, t('validation.randomSkipped', { skipped: String(skipped) })]
        : [true, t('validation.random')];
  return (
    <p className={ok ? 'validation-ok' : 'validation-warning'} data-testid="validation-random" data-ok={ok}>
      {text}
    </p>
  );
}

export function TruthCoders({ result: r }: { result: EvaluationResult }) {
  const c = r.truthCoders;
  if (!c || c.coders.length === 0) return null;
  const coders = c.coders.map((x) => `${x.name} (${x.documents})`).join(', ');
  return (
    <p className="field-hint" data-testid="validation-truth-coders">
      {c.coder !== null
        ? t('validation.truthCoder', { coder: c.coder, n: String(c.coders[0]?.documents ?? 0) })
        : c.multiCoder > 0
          ? t('validation.truthCodersMulti', { coders, multi: String(c.multiCoder) })
          : t('validation.truthCoders', { coders })}
    </p>
  );
}
