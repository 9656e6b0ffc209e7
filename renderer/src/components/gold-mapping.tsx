// The gold column's distinct values with their counts, each with a label name to store instead
// ("agains", "FAVOUR" and "favor" can all become one label).
import { useId } from 'react';
import { formatNumber, t } from '../i18n/t';
import type { GoldGroup } from '../state/import-rules';

interface GoldMappingProps {
  column: string;
  groups: readonly GoldGroup[];
  labels: Readonly<Record<string, string>>;
  /** Label names typed so far, offered while typing. */
  names: readonly string[];
  disabled: boolean;
  onLabel(key: string, label: string): void;
}

export function GoldMapping({ column, groups, labels, names, disabled, onLabel }: GoldMappingProps) {
  const titleId = useId();
  const listId = useId();
  return (
    <section className="gold-mapping" aria-labelledby={titleId} data-testid="gold-mapping">
      <h3 id={titleId} className="subheading">
        {t('import.gold.title')}{' '}
        <span className="muted" dir="auto">
          ({column})
        </span>
      </h3>
      <p className="field-hint">{t('import.gold.hint')}</p>
      {groups.length === 0 ? (
        <p className="muted">{t('import.gold.none')}</p>
      ) : (
        <table className="gold-table">
          <thead>
            <tr>
              <th scope="col">{t('import.gold.value')}</th>
              <th scope="col" className="num">
                {t('import.gold.rows')}
              </th>
              <th scope="col">{t('import.gold.label')}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.key} data-testid="gold-value" data-value={g.key}>
                <td dir="auto">
                  {g.values.map((v) => (
                    <code key={v} className="gold-raw">
                      {v}
                    </code>
                  ))}
                </td>
                <td className="num">{formatNumber(g.count)}</td>
                <td>
                  <input
                    className="input input-small"
                    value={labels[g.key] ?? ''}
                    placeholder={g.values[0]}
                    list={listId}
                    disabled={disabled}
                    dir="auto"
                    aria-label={t('import.gold.labelFor', { value: g.values.join(', ') })}
                    data-testid="gold-label"
                    onChange={(e) => onLabel(g.key, e.target.value)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <datalist id={listId}>
        {names.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
    </section>
  );
}
