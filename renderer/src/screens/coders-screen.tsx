// Coders: several coders on one project. The settings (who codes a document, blind coders, hidden
// suggestions, the rule for disagreements), each coder's own progress, coder packages to code
// offline, and the merge of coded copies with its report.
import { useEffect } from 'react';
import { CodersDelete } from '../components/coders-delete';
import { CodersMerge } from '../components/coders-merge';
import { CodersPackage } from '../components/coders-package';
import { CodersProgress } from '../components/coders-progress';
import { CodersSettings } from '../components/coders-settings';
import { Notice } from '../components/notice';
import { t } from '../i18n/t';
import { useCoders } from '../state/coders-store';

export function CodersScreen() {
  const error = useCoders((s) => s.error);
  useEffect(() => {
    void useCoders.getState().load();
  }, []);
  return (
    <div className="screen coders-screen" data-testid="coders-screen">
      <div className="screen-header">
        <h1>{t('coders.title')}</h1>
        <p className="muted">{t('coders.intro')}</p>
      </div>
      {error && (
        <Notice kind="error" testId="coders-error">
          {/* A refused merge names each difference on its own line. */}
          {error.split('\n').map((line, i) => (
            <div key={i}>{line}</div>
          ))}
        </Notice>
      )}
      <CodersSettings />
      <CodersProgress />
      <CodersPackage />
      <CodersMerge />
      <CodersDelete />
    </div>
  );
}
