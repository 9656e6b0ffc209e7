// The rows an export with the chosen options will write, before Export (export.count): rows,
// parent documents or NLI pairs, and for the training formats the two sides of the split.
import type { ExportCount, ExportFormat } from '../../../common/contract';
import { t } from '../i18n/t';

interface ExportCountProps {
  count: ExportCount | null;
  error: string | null;
  format: ExportFormat;
  parentLevel: boolean;
}

export function ExportCountLine({ count, error, format, parentLevel }: ExportCountProps) {
  if (error)
    return (
      <p className="field-hint" role="status" data-testid="export-count">
        {t('export.count.failed', { message: error })}
      </p>
    );
  if (!count)
    return (
      <p className="field-hint" role="status" data-testid="export-count" aria-busy="true">
        {t('export.count.loading')}
      </p>
    );
  const what =
    format === 'nli'
      ? t('export.count.pairs', { count: count.rows, documents: count.documents })
      : t(parentLevel ? 'export.count.parents' : 'export.count.rows', { count: count.rows });
  return (
    <p role="status" data-testid="export-count">
      {what}
      {count.split && <> {t('export.count.split', { train: count.split.train, test: count.split.test })}</>}
    </p>
  );
}
