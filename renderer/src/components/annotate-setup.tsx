// The start of a coding session: who codes (one of the project's coders, or a new name typed into
// an empty field: [Note: no pre-filled coder] in state/coder-choice.ts), which question, and in
// which order the queue runs (a seed makes a random order repeatable), or which other documents it
// codes: a validation sample (blind), the skipped or the flagged ones (annotate-source.tsx).
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { CodebookQuestion, Coder, QueueOrder, UncertainBandReport } from '../../../common/contract';
import { t } from '../i18n/t';
import { api } from '../platform/platform';
import { rememberedCoder, type AnnotateSetup } from '../state/annotate-store';
import { coderFrom, initialCoderChoice, NEW_CODER } from '../state/coder-choice';
import { GoldSwitch, SourceField, type SourceChoice } from './annotate-source';
import { QuestionSelect } from './question-select';

const ORDERS: readonly QueueOrder[] = ['in_order', 'random', 'least_confident', 'by_label', 'uncertain_first'];

interface AnnotateSetupFormProps {
  questions: readonly CodebookQuestion[];
  initialQuestionId: string | null;
  pendingDocument: number | null;
  busy: boolean;
  onStart(setup: AnnotateSetup, question: CodebookQuestion): void;
}

export function AnnotateSetupForm({ questions, initialQuestionId, pendingDocument, busy, onStart }: AnnotateSetupFormProps) {
  const ids = { coder: useId(), order: useId(), seed: useId(), label: useId() };
  /** null until coders.list answers. */
  const [coders, setCoders] = useState<Coder[] | null>(null);
  const [coderChoice, setCoderChoice] = useState<string | null>(null);
  const [newCoder, setNewCoder] = useState('');
  const coder = coderFrom(coderChoice, newCoder);
  const codable = questions.filter((q) => q.labels.some((l) => !l.archived));
  const [chosenQuestion, setQuestionId] = useState<string | null>(null);
  const [chosenOrder, setOrder] = useState<QueueOrder>('in_order');
  const [seed, setSeed] = useState('1');
  const [labelId, setLabelId] = useState<string>('');
  const [source, setSource] = useState<SourceChoice>({ source: 'queue', sampleId: null });
  // Until the coder picks one: the question in focus elsewhere (pre-label, Browse), else the first.
  const question = codable.find((q) => q.id === chosenQuestion) ?? codable.find((q) => q.id === initialQuestionId) ?? codable[0] ?? null;
  const questionId = question?.id ?? null;
  // "Uncertain first" is for single-label questions (the margin between the top two labels).
  const order: QueueOrder = chosenOrder === 'uncertain_first' && question?.multiLabel ? 'in_order' : chosenOrder;

  useEffect(() => {
    let live = true;
    const known = (list: Coder[]) => {
      if (!live) return;
      setCoders(list);
      setCoderChoice(initialCoderChoice(list, rememberedCoder()));
    };
    api()
      .call('coders.list', {})
      .then(known)
      .catch(() => known([])); // Without the list a new name can still be typed.
    return () => {
      live = false;
    };
  }, []);

  const seedNumber = Number(seed);
  const seedValid = Number.isInteger(seedNumber) && seedNumber >= 0 && seedNumber <= 2_147_483_647;
  const ordinary = source.source === 'queue';
  const ready = coder.trim() !== '' && question !== null && (!ordinary || order !== 'random' || seedValid);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready || !question) return;
    onStart(
      {
        coder: coder.trim(),
        questionId: question.id,
        order,
        seed: ordinary && order === 'random' ? seedNumber : 1,
        labelId: ordinary && order === 'by_label' && labelId ? labelId : null,
        source: source.source,
        sampleId: source.sampleId,
      },
      question,
    );
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
      <CoderField
        id={ids.coder}
        coders={coders}
        choice={coderChoice}
        newName={newCoder}
        onChoose={setCoderChoice}
        onNewName={setNewCoder}
      />
      <QuestionSelect
        label={t('annotate.question')}
        questions={codable}
        value={questionId}
        testId="annotate-question"
        onChange={(id) => {
          setQuestionId(id);
          setSource({ source: 'queue', sampleId: null });
        }}
      />
      {question && <SourceField questionId={question.id} value={source} onChange={setSource} />}
      {ordinary && (
        <div className="field">
          <label className="field-label" htmlFor={ids.order}>
            {t('annotate.order')}
          </label>
          <select
            id={ids.order}
            className="select"
            value={order}
            onChange={(e) => setOrder(e.target.value as QueueOrder)}
            data-testid="annotate-order"
          >
            {ORDERS.filter((o) => o !== 'uncertain_first' || !question?.multiLabel).map((o) => (
              <option key={o} value={o}>
                {t(`annotate.order.${o}`)}
              </option>
            ))}
          </select>
        </div>
      )}
      {ordinary && order === 'random' && (
        <div className="field">
          <label className="field-label" htmlFor={ids.seed}>
            {t('annotate.seed')}
          </label>
          <input
            id={ids.seed}
            className="input"
            inputMode="numeric"
            value={seed}
            onChange={(e) => setSeed(e.target.value)}
            aria-invalid={!seedValid}
            data-testid="annotate-seed"
          />
          <p className={seedValid ? 'field-hint' : 'error-text'}>{seedValid ? t('annotate.seedHint') : t('annotate.seedInvalid')}</p>
        </div>
      )}
      {ordinary && order === 'uncertain_first' && question && !question.multiLabel && <UncertainFirstHint questionId={question.id} />}
      {ordinary && order === 'by_label' && question && (
        <div className="field">
          <label className="field-label" htmlFor={ids.label}>
            {t('annotate.byLabel')}
          </label>
          <select
            id={ids.label}
            className="select"
            value={labelId}
            onChange={(e) => setLabelId(e.target.value)}
            data-testid="annotate-by-label"
          >
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
      <GoldSwitch />
      <div>
        <button type="submit" className="btn btn-primary" disabled={!ready || busy} data-testid="annotate-start">
          {t('annotate.start')}
        </button>
      </div>
    </form>
  );
}

/** What "uncertain first" does for this question: the band set (and how many documents it holds) or
 * none (smallest margin first), and which probabilities the margins are of. */
function UncertainFirstHint({ questionId }: { questionId: string }) {
  const [band, setBand] = useState<UncertainBandReport | null>(null);
  useEffect(() => {
    let live = true;
    setBand(null);
    api()
      .call('thresholds.get', { questionId })
      .then((r) => live && setBand(r.band))
      .catch(() => live && setBand(null)); // The order works without the hint.
    return () => {
      live = false;
    };
  }, [questionId]);
  if (!band) return null;
  return (
    <p className="field-hint" data-testid="annotate-uncertain-hint">
      {band.margin === null
        ? t('annotate.uncertainNoBand')
        : t('annotate.uncertainBand', { margin: String(band.margin), count: String(band.current?.corpus ?? 0) })}{' '}
      {t(band.scale === 'calibrated' ? 'annotate.uncertainCalibrated' : 'annotate.uncertainRaw')}
    </p>
  );
}

const CHOOSE = '';
const NEW = 'new';

interface CoderFieldProps {
  id: string;
  coders: readonly Coder[] | null;
  choice: string | null;
  newName: string;
  onChoose(choice: string | null): void;
  onNewName(name: string): void;
}

/** The project's coders as a choice plus "New coder…"; the new name's field starts empty. Without
 * coders in the project only that field shows; nothing shows until the list has answered, so the
 * field that takes the focus is the one that stays. */
function CoderField({ id, coders, choice, newName, onChoose, onNewName }: CoderFieldProps) {
  const typing = choice === NEW_CODER;
  const nameInput = (
    <input
      id={coders?.length ? `${id}-new` : id}
      className="input"
      value={newName}
      maxLength={100}
      autoComplete="off"
      autoFocus
      placeholder={t('annotate.coderNewPlaceholder')}
      aria-label={coders?.length ? t('annotate.coderNewName') : undefined}
      onChange={(e) => onNewName(e.target.value)}
      data-testid="annotate-coder"
    />
  );
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {t('annotate.coder')}
      </label>
      {coders?.length ? (
        <select
          id={id}
          className="select"
          value={choice === null ? CHOOSE : typing ? NEW : `coder:${choice}`}
          autoFocus
          onChange={(e) =>
            onChoose(e.target.value === CHOOSE ? null : e.target.value === NEW ? NEW_CODER : e.target.value.slice('coder:'.length))
          }
          data-testid="annotate-coder-choice"
        >
          <option value={CHOOSE} disabled>
            {t('annotate.coderChoose')}
          </option>
          {coders.map((c) => (
            <option key={c.id} value={`coder:${c.name}`}>
              {c.name}
            </option>
          ))}
          <option value={NEW}>{t('annotate.coderNew')}</option>
        </select>
      ) : null}
      {coders !== null && (typing || coders.length === 0) && nameInput}
      <p className="field-hint">{t('annotate.coderHint')}</p>
    </div>
  );
}
