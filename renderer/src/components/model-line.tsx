// One line about the model in use, for screens that use it (pre-label): its name and a way to the
// Models screen, where it is chosen.
import { t } from '../i18n/t';
import type { ModelInfo } from '../../../common/contract';

interface ModelLineProps {
  model: ModelInfo | null;
  loaded: boolean;
  onGoModels(): void;
}

export function ModelLine({ model, loaded, onGoModels }: ModelLineProps) {
  if (!loaded) return null;
  return (
    <div className="model-line" data-testid="model-line">
      <span className="grow">
        {model ? (
          <>
            <span className="muted">{t('model.lineLabel')}</span> <strong data-testid="model-line-id">{model.id}</strong>
          </>
        ) : (
          <span data-testid="model-line-none">{t('model.lineNone')}</span>
        )}
      </span>
      <button type="button" className="btn btn-small" onClick={onGoModels} data-testid="model-line-go">
        {model ? t('model.lineChange') : t('model.lineChoose')}
      </button>
    </div>
  );
}
