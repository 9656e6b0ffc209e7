// The import option "decode HTML entities" (&amp; -> &): a checkbox under the reading options.
// Checking it reads the preview again, decoded, so its effect shows at once; the preview also says
// how many of its cells hold an entity. Left alone it shows the project's last choice, which the
// core applies (main/core/imports/html-entities.ts).
import { useId } from 'react';
import { t } from '../i18n/t';

interface EntitiesOptionProps {
  /** Whether the shown preview was decoded (the option, or the project's last choice). */
  checked: boolean;
  /** Cells of the preview that hold an entity, counted before decoding. */
  found: number;
  disabled: boolean;
  onChange(decode: boolean): void;
}

export function EntitiesOption({ checked, found, disabled, onChange }: EntitiesOptionProps) {
  const hintId = useId();
  return (
    <div className="stack" data-testid="entities-option">
      <label className="check">
        <input
          type="checkbox"
          checked={checked}
          disabled={disabled}
          aria-describedby={hintId}
          data-testid="decode-entities"
          onChange={(e) => onChange(e.target.checked)}
        />
        {t('import.options.decodeEntities')}
      </label>
      <p id={hintId} className="field-hint" data-testid="entities-hint">
        {found > 0 ? t('import.options.entitiesFound', { count: found }) : t('import.options.entitiesHint')}
      </p>
    </div>
  );
}
