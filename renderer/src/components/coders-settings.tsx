// The Coders screen's settings for several coders (annotate.settings / annotate.setSettings), each
// with a sentence on what it does: who codes a document, blind coders, hidden suggestions, and the
// rule for the project's current label where coders disagree.
import { useId } from 'react';
import { t } from '../i18n/t';
import { useCoders } from '../state/coders-store';

export function CodersSettings() {
  const id = useId();
  const s = useCoders((st) => st.settings);
  const saved = useCoders((st) => st.settingsSaved);
  const { editSettings, saveSettings } = useCoders.getState();
  if (!s) return null;
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="coders-settings">
      <h2 id={`${id}-title`}>{t('coders.settings')}</h2>
      <div className="field" role="radiogroup" aria-labelledby={`${id}-mode`}>
        <span className="field-label" id={`${id}-mode`}>
          {t('coders.mode')}
        </span>
        {(['shared', 'every'] as const).map((mode) => (
          <label className="check" key={mode}>
            <input
              type="radio"
              name={`${id}-mode`}
              checked={s.mode === mode}
              data-testid={`coders-mode-${mode}`}
              onChange={() => editSettings({ mode })}
            />
            {t(`coders.mode.${mode}`)}
          </label>
        ))}
        <p className="field-hint">{t('coders.mode.help')}</p>
      </div>
      <div className="field">
        <label className="check">
          <input
            type="checkbox"
            checked={s.blindCoders}
            data-testid="coders-blind"
            aria-describedby={`${id}-blind-help`}
            onChange={(e) => editSettings({ blindCoders: e.target.checked })}
          />
          {t('coders.blindCoders')}
        </label>
        <p className="field-hint" id={`${id}-blind-help`}>
          {t('coders.blindCoders.help')}
        </p>
      </div>
      <div className="field">
        <label className="check">
          <input
            type="checkbox"
            checked={s.hideSuggestions}
            data-testid="coders-hide-suggestions"
            aria-describedby={`${id}-hide-help`}
            onChange={(e) => editSettings({ hideSuggestions: e.target.checked })}
          />
          {t('coders.hideSuggestions')}
        </label>
        <p className="field-hint" id={`${id}-hide-help`}>
          {t('coders.hideSuggestions.help')}
        </p>
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-rule`}>
          {t('coders.resolution')}
        </label>
        <select
          id={`${id}-rule`}
          className="select"
          value={s.rule}
          data-testid="coders-rule"
          aria-describedby={`${id}-rule-help`}
          onChange={(e) => editSettings({ rule: e.target.value as typeof s.rule })}
        >
          {(['latest', 'majority', 'lead'] as const).map((rule) => (
            <option key={rule} value={rule}>
              {t(`coders.resolution.${rule}`)}
            </option>
          ))}
        </select>
        <p className="field-hint" id={`${id}-rule-help`}>
          {t('coders.resolution.help')}
        </p>
      </div>
      {s.rule === 'lead' && (
        <div className="field">
          <label className="field-label" htmlFor={`${id}-lead`}>
            {t('coders.lead')}
          </label>
          <input
            id={`${id}-lead`}
            className="input"
            value={s.lead}
            data-testid="coders-lead"
            onChange={(e) => editSettings({ lead: e.target.value })}
          />
        </div>
      )}
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary"
          data-testid="coders-save-settings"
          disabled={s.rule === 'lead' && !s.lead.trim()}
          onClick={() => void saveSettings()}
        >
          {t('coders.saveSettings')}
        </button>
        {saved && (
          <span role="status" data-testid="coders-settings-saved">
            {t('coders.settingsSaved')}
          </span>
        )}
      </div>
    </section>
  );
}
