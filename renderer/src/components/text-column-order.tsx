// The order in which several text columns are joined, with a pair of move buttons per column.
import { useId } from 'react';
import { t } from '../i18n/t';

interface TextColumnOrderProps {
  columns: readonly string[];
  disabled: boolean;
  onMove(column: string, delta: -1 | 1): void;
}

export function TextColumnOrder({ columns, disabled, onMove }: TextColumnOrderProps) {
  const labelId = useId();
  return (
    <div className="field">
      <p className="field-label" id={labelId}>
        {t('import.mapping.order')}
      </p>
      <ol className="order-list" aria-labelledby={labelId} data-testid="text-order">
        {columns.map((c, i) => (
          <li key={c} className="order-item">
            <span className="order-name" dir="auto">
              {c}
            </span>
            <button
              type="button"
              className="btn btn-quiet btn-small btn-icon"
              disabled={disabled || i === 0}
              aria-label={t('import.mapping.moveUp', { column: c })}
              onClick={() => onMove(c, -1)}
            >
              <span aria-hidden="true">↑</span>
            </button>
            <button
              type="button"
              className="btn btn-quiet btn-small btn-icon"
              disabled={disabled || i === columns.length - 1}
              aria-label={t('import.mapping.moveDown', { column: c })}
              onClick={() => onMove(c, 1)}
            >
              <span aria-hidden="true">↓</span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
