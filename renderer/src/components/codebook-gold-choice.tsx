// The gold values that would become labels, each with a checkbox (checked: made a label; unchecked:
// left out, e.g. UNKNOWN), shared by "labels from gold values" for a saved question and "a new
// question from gold values". The list of left-out names goes to codebook.labelsFromGold as `exclude`.
import { formatNumber, t } from '../i18n/t';

export interface GoldCandidate {
  name: string;
  count: number;
}

interface GoldChoiceProps {
  candidates: readonly GoldCandidate[];
  /** The names left out, case-folded. */
  excluded: ReadonlySet<string>;
  disabled: boolean;
  onToggle(name: string): void;
  testId: string;
}

export const fold = (name: string) => name.trim().toLowerCase();

export function GoldChoice({ candidates, excluded, disabled, onToggle, testId }: GoldChoiceProps) {
  return (
    <fieldset className="codebook-gold-choice" data-testid={testId}>
      <legend className="field-label">{t('codebook.gold.choose')}</legend>
      <ul className="codebook-gold-values">
        {candidates.map((c) => (
          <li key={c.name}>
            <label className="check">
              <input
                type="checkbox"
                checked={!excluded.has(fold(c.name))}
                disabled={disabled}
                onChange={() => onToggle(c.name)}
                data-testid="codebook-gold-candidate"
                data-name={c.name}
              />
              <span dir="auto">{c.name}</span> <span className="muted">{formatNumber(c.count)}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** Toggles a name in the set of left-out names. */
export function toggled(set: ReadonlySet<string>, name: string): Set<string> {
  const next = new Set(set);
  if (next.has(fold(name))) next.delete(fold(name));
  else next.add(fold(name));
  return next;
}
