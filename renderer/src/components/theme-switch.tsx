// The header's theme choice: follow the system, or always light or dark.
import { useEffect, useId } from 'react';
import { t } from '../i18n/t';
import { applyTheme, themes, useTheme } from '../state/theme-store';

export function ThemeSwitch() {
  const theme = useTheme((s) => s.theme);
  const id = useId();
  useEffect(() => applyTheme(theme), [theme]);
  return (
    <div className="theme-switch">
      <label htmlFor={id} className="visually-hidden">
        {t('comfort.theme.label')}
      </label>
      <select
        id={id}
        className="select select-small"
        value={theme}
        data-testid="theme-switch"
        onChange={(e) => useTheme.getState().setTheme(e.target.value as (typeof themes)[number])}
      >
        {themes.map((th) => (
          <option key={th} value={th}>
            {t(`comfort.theme.${th}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
