// What the core reports about the model in use (model.current): id, size, checksum, window,
// folder and the class order it found in config.json.
import type { ModelInfo } from '../../../common/contract';
import { formatBytes, formatNumber, t } from '../i18n/t';

export function ModelFacts({ model }: { model: ModelInfo }) {
  const { entailment, neutral, contradiction } = model.labels;
  // [term, value, test id, wide]
  const facts: [string, string, string, boolean][] = [
    [t('model.id'), model.id, 'model-id', false],
    [t('model.size'), formatBytes(model.sizeBytes), 'model-size', false],
    [t('model.sha'), model.sha256.slice(0, 12), 'model-sha', false],
    [t('model.window'), t('model.windowValue', { count: model.maxLength }), 'model-window', false],
    [t('model.path'), model.path, 'model-path-shown', true],
    [
      t('model.labels'),
      t('model.labelsValue', {
        entailment: formatNumber(entailment),
        neutral: neutral === null ? t('model.noNeutral') : formatNumber(neutral),
        contradiction: formatNumber(contradiction),
      }),
      'model-labels',
      true,
    ],
  ];
  return (
    <dl className="model-facts" data-testid="model-info">
      {facts.map(([term, value, testId, wide]) => (
        <div key={testId} className={wide ? 'model-fact model-fact-wide' : 'model-fact'}>
          <dt>{term}</dt>
          <dd
            className={testId === 'model-path-shown' || testId === 'model-sha' ? 'mono' : undefined}
            title={testId === 'model-sha' ? model.sha256 : undefined}
            data-testid={testId}
          >
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
