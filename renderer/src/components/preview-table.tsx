// The first rows of a file exactly as they will be stored, line breaks included; the text, id and
// gold-label columns are marked.
import type { ImportPreview } from '../../../common/contract';
import { t } from '../i18n/t';

interface PreviewTableProps {
  preview: ImportPreview;
  textColumns: readonly string[];
  idColumn: string | null;
  goldColumn: string | null;
}

/** Cells show the start of long texts; the full value is in the file. */
const CELL_CHARS = 600;

export function PreviewTable({ preview, textColumns, idColumn, goldColumn }: PreviewTableProps) {
  const role = (c: string) =>
    textColumns.includes(c) ? 'col-text' : c === idColumn ? 'col-id' : c === goldColumn ? 'col-gold' : 'col-meta';
  return (
    <div className="preview-scroll" tabIndex={0} role="region" aria-label={t('import.preview.title', { name: preview.sourceName })}>
      <table className="preview-table" data-testid="preview-table">
        <caption className="visually-hidden">{t('import.preview.caption', { count: preview.rows.length })}</caption>
        <thead>
          <tr>
            {preview.columns.map((c, i) => (
              <th key={`${i}:${c}`} scope="col" className={role(c)} dir="auto">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row, r) => (
            <tr key={r} data-testid="preview-row">
              {preview.columns.map((c, i) => {
                const value = row[i] ?? '';
                return (
                  <td key={`${i}:${c}`} className={role(c)} dir="auto">
                    <div className="preview-cell" data-testid="preview-cell">
                      {value.length > CELL_CHARS ? `${value.slice(0, CELL_CHARS)}…` : value}
                    </div>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
