// The start of a coding session: who codes (a coder of the project or a new name, the last one
// remembered), which question, and in which order the queue runs (a seed makes a random order
// repeatable, for unbiased validation samples).
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { CodebookQuestion, Coder, QueueOrder } from '../../../common/contract';
import { t } from '../i18n/t';
import { api } from '../platform/platform';
import { rememberedCoder, type AnnotateSetup } from '../state/annotate-store';
import { QuestionSelect } from './question-select';

const ORDERS: readonly QueueOrder[] = ['in_order', 'random', 'least_confident', 'by_label'];

interface AnnotateSetupFormProps {
  questions: readonly CodebookQuestion[];
  initialQuestionId: string | null;
  pendingDocument: number | null;
  busy: boolean;
  onStart(setup: AnnotateSetup, question: CodebookQuestion): void;
}

export function AnnotateSetupForm({ questions, initialQuestionId, pendingDocument, busy, onStart }: AnnotateSetupFormProps) {
  const ids = { coder: useId(), order: useId(), seed: useId(), label: useId(), coders: useId() };
  const [coders, setCoders] = useState<Coder[]>([]);
  const [coder, setCoder] = useState(rememberedCoder);
  const codable = questions.filter((q) => q.labels.some((l) => !l.archived));
  const [chosenQuestion, setQuestionId] = useState<string | null>(null);
  const [order, setOrder] = useState<QueueOrder>('in_order');
  const [seed, setSeed] = useState('1');
  const [labelId, setLabelId] = useState<string>('');
  // Until the coder picks one: the question in focus elsewhere (pre-label, Browse), else the first.
  const question = codable.find((q) => q.id === chosenQuestion) ?? codable.find((q) => q.id === initialQuestionId) ?? codable[0] ?? null;
  const questionId = question?.id ?? null;

  useEffect(() => {
    let live = true;
    api()
      .call('coders.list', {})
      .then((list) => live && setCoders(list))
      .catch(() => undefined); // The list is a convenience: a name can always be typed.
    return () => {
      live = false;
    };
  }, []);

  const seedNumber = Number(seed);
  const seedValid = Number.isInteger(seedNumber) && seedNumber >= 0 && seedNumber <= 2_147_483_647;
  const ready = coder.trim() !== '' && question !== null && (order !== 'random' || seedValid);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready || !question) return;
    onStart({ coder: coder.trim(), questionId: question.id, order, seed: order === 'random' ? seedNumber : 1, labelId: order === 'by_label' && labelId ? labelId : null }, question);
  };

  if (codable.length === 0) {
    return (
      <div className="card empty-state" data-testid="annotate-no-question">
        <p>{t('annotate.noQuestion')}</p>
      </div>
    );
  }

  return (
    <form className="card annotate-setup" onSubmit={submit} data-testid="annotate-setup">
      <h2>{t('annotate.setupTitle')}</h2>
      {pendingDocument !== null && <p className="field-hint">{t('annotate.pendingDocument')}</p>}
      <div className="field">
        <label className="field-label" htmlFor={ids.coder}>
          {t('annotate.coder')}
        </label>
        <input
          id={ids.coder}
          className="input"
          list={ids.coders}
          value={coder}
          maxLength={100}
          autoComplete="off"
          autoFocus
          onChange={(e) => setCoder(e.target.value)}
          data-testid="annotate-coder"
        />
        <datalist id={ids.coders}>
          {coders.map((c) => (
            <option key={c.id} value={c.name} />
          ))}
        </datalist>
        <p className="field-hint">{t('annotate.coderHint')}</p>
      </div>
      <QuestionSelect label={t('annotate.question')} questions={codable} value={questionId} testId="annotate-question" onChange={setQuestionId} />
      <div className="field">
        <label className="field-label" htmlFor={ids.order}>
          {t('annotate.order')}
        </label>
        <select id={ids.order} className="select" value={order} onChange={(e) => setOrder(e.target.value as QueueOrder)} data-testid="annotate-order">
          {ORDERS.map((o) => (
            <option key={o} value={o}>
              {t(`annotate.order.${o}`)}
            </option>
          ))}
        </select>
      </div>
      {order === 'random' && (
        <div className="field">
          <label className="field-label" htmlFor={ids.seed}>
            {t('annotate.seed')}
          </label>
          <input id={ids.seed} className="input" inputMode="numeric" value={seed} onChange={(e) => setSeed(e.target.value)} aria-invalid={!seedValid} data-testid="annotate-seed" />
          <p className={seedValid ? 'field-hint' : 'error-text'}>{seedValid ? t('annotate.seedHint') : t('annotate.seedInvalid')}</p>
        </div>
      )}
      {order === 'by_label' && question && (
        <div className="field">
          <label className="field-label" htmlFor={ids.label}>
            {t('annotate.byLabel')}
          </label>
          <select id={ids.label} className="select" value={labelId} onChange={(e) => setLabelId(e.target.value)} data-testid="annotate-by-label">
            <option value="">{t('annotate.byLabelAll')}</option>
            {question.labels
              .filter((l) => !l.archived)
              .map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
          </select>
        </div>
      )}
      <div>
        <button type="submit" className="btn btn-primary" disabled={!ready || busy} data-testid="annotate-start">
          {t('annotate.start')}
        </button>
      </div>
    </form>
  );
}
