// A one-line message above a screen's content: an error, a warning, a success or plain information.
import { t } from '../i18n/t';

interface NoticeProps {
  kind: 'error' | 'warning' | 'success' | 'info';
  children: React.ReactNode;
  onDismiss?: () => void;
  testId?: string;
}

export function Notice({ kind, children, onDismiss, testId }: NoticeProps) {
  return (
    <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'} data-testid={testId}>
      <div className="notice-body">{children}</div>
      {onDismiss && (
        <button type="button" className="btn btn-quiet btn-small" onClick={onDismiss}>
          {t('common.dismiss')}
        </button>
      )}
    </div>
  );
}
