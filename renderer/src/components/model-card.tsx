// The active model: what the core found in its folder and, for models Prelabel knows, what the
// model card says (languages, reported XNLI accuracy by language, notes).
import { useId } from 'react';
import type { ModelCard as CardFacts, ModelInfo } from '../../../common/contract';
import { t } from '../i18n/t';
import { ModelFacts } from './model-facts';
import { XnliTable } from './xnli-table';

function CardDetails({ card }: { card: CardFacts }) {
  return (
    <div className="model-card-details" data-testid="model-card-details">
      <div className="stack">
        <div>
          <h3 className="subheading">{t('model.card.name')}</h3>
          <p className="mono" data-testid="model-card-name">
            {card.name}
          </p>
        </div>
        <div>
          <h3 className="subheading">{t('model.card.languages')}</h3>
          <p data-testid="model-card-languages">{card.languages}</p>
        </div>
        <div>
          <h3 className="subheading">{t('model.card.notes')}</h3>
          <p data-testid="model-card-notes">{card.notes}</p>
        </div>
      </div>
      <div className="stack">
        <h3 className="subheading">{t('model.card.accuracy')}</h3>
        <XnliTable accuracy={card.xnliAccuracy} />
      </div>
    </div>
  );
}

interface ActiveModelCardProps {
  model: ModelInfo;
  /** The model card of the active entry in the list, null when Prelabel has none. */
  card: CardFacts | null;
}

export function ActiveModelCard({ model, card }: ActiveModelCardProps) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="model-card">
      <h2 id={`${id}-title`}>{t('model.title')}</h2>
      <ModelFacts model={model} />
      {card ? (
        <CardDetails card={card} />
      ) : (
        <p className="muted" data-testid="model-card-none">
          {t('model.card.none')}
        </p>
      )}
    </section>
  );
}
