// Coder training (issue 14, item 6): draw a round against a master coding (the gold labels or an
// expert coder's decisions: master, size, seed), open it in Annotate for a trainee (its sample queue,
// blind; the decisions there are training, never labels of the project), then the trainee's result
// (per label, the documents where they differed with both definitions) and the rounds' history with
// every coder's agreement, kappa and alpha per round.
import { useEffect, useId, useMemo, useState } from 'react';
import type { CodebookQuestion, TrainingRound } from '../../../common/contract';
import { fmtCoef, fmtShare } from '../../../common/evaluation-format';
import { QuestionSelect } from '../components/question-select';
import { TrainingResultView } from '../components/training-result';
import { formatDateTime, t } from '../i18n/t';
import { useAnnotate } from '../state/annotate-store';
import { useCodebook } from '../state/codebook-store';
import { useNav } from '../state/nav-store';
import { useTraining } from '../state/training-store';

const masterName = (r: TrainingRound) =>
  r.master.kind === 'gold' ? t('training.masterGoldShort') : t('training.masterCoderShort', { name: r.master.coder });

/** Opens Annotate on the round's queue for the trainee (as the Validation screen opens a sample). */
function codeInAnnotate(round: TrainingRound, coder: string, question: CodebookQuestion) {
  void useAnnotate
    .getState()
    .start({ coder, questionId: question.id, order: 'in_order', seed: 1, labelId: null, source: 'sample', sampleId: round.id }, question);
  useNav.getState().go('annotate');
}

function NewRound() {
  const id = useId();
  const coders = useTraining((s) => s.coders);
  const creating = useTraining((s) => s.creating);
  const [master, setMaster] = useState('gold');
  const [size, setSize] = useState('20');
  const [seed, setSeed] = useState(() => String(Math.floor(Math.random() * 100_000)));
  const n = Number(size);
  const s = Number(seed);
  const ready = Number.isInteger(n) && n >= 1 && n <= 1000 && Number.isInteger(s) && s >= 0 && s <= 2_147_483_647;
  const draw = () => {
    if (!ready) return;
    void useTraining.getState().create({ master: master === 'gold' ? { gold: true } : { coder: master.slice(6) }, size: n, seed: s });
  };
  return (
    <div className="training-choices">
      <div className="field">
        <label className="field-label" htmlFor={`${id}-master`}>
          {t('training.master')}
        </label>
        <select
          id={`${id}-master`}
          className="select"
          value={master}
          onChange={(e) => setMaster(e.target.value)}
          data-testid="training-master"
        >
          <option value="gold">{t('training.masterGold')}</option>
          {coders.map((c) => (
            <option key={c} value={`coder:${c}`}>
              {t('training.masterCoder', { name: c })}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-size`}>
          {t('training.size')}
        </label>
        <input
          id={`${id}-size`}
          className="input"
          inputMode="numeric"
          value={size}
          onChange={(e) => setSize(e.target.value)}
          data-testid="training-size"
        />
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-seed`}>
          {t('training.seed')}
        </label>
        <input
          id={`${id}-seed`}
          className="input"
          inputMode="numeric"
          value={seed}
          onChange={(e) => setSeed(e.target.value)}
          data-testid="training-seed"
        />
      </div>
      <button type="button" className="btn btn-primary" disabled={!ready || creating} onClick={draw} data-testid="training-draw">
        {creating ? t('training.drawing') : t('training.draw', { count: ready ? n : 0 })}
      </button>
    </div>
  );
}

function Round({ round, trainee, question }: { round: TrainingRound; trainee: string; question: CodebookQuestion }) {
  const chosen = useTraining((s) => s.chosen);
  return (
    <div className="training-round" data-testid="training-round" data-round-id={round.id}>
      <div className="training-round-head">
        <strong>
          {t('training.round', {
            size: String(round.size),
            master: masterName(round),
            seed: String(round.seed),
            date: formatDateTime(round.createdAt),
          })}
        </strong>
        <button
          type="button"
          className="btn btn-small"
          disabled={!trainee.trim()}
          onClick={() => codeInAnnotate(round, trainee.trim(), question)}
          data-testid="training-code"
        >
          {trainee.trim() ? t('training.code', { name: trainee.trim() }) : t('training.codeNoName')}
        </button>
      </div>
      {round.scores.length === 0 ? (
        <p className="muted">{t('training.notCoded')}</p>
      ) : (
        <div className="table-scroll">
          <table className="stat-table" data-testid="training-scores">
            <thead>
              <tr>
                <th scope="col" className="text">
                  {t('training.coder')}
                </th>
                <th scope="col">{t('training.labelled')}</th>
                <th scope="col">{t('training.skipped')}</th>
                <th scope="col">{t('training.agreement')}</th>
                <th scope="col">{t('training.kappa')}</th>
                <th scope="col">{t('training.alpha')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('training.show')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {round.scores.map((s) => (
                <tr
                  key={s.coder}
                  data-coder={s.coder}
                  aria-current={chosen?.roundId === round.id && chosen.coder === s.coder ? 'true' : undefined}
                >
                  <th scope="row" className="text">
                    {s.coder}
                  </th>
                  <td data-stat="coded">{s.coded}</td>
                  <td data-stat="skipped">{s.skipped}</td>
                  <td data-stat="percent">{fmtShare(s.percent)}</td>
                  <td data-stat="kappa">{fmtCoef(s.kappa)}</td>
                  <td data-stat="alpha">{fmtCoef(s.alpha)}</td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-small"
                      onClick={() => void useTraining.getState().showResult(round.id, s.coder)}
                      data-testid="training-show"
                    >
                      {t('training.show')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function TrainingScreen() {
  const id = useId();
  const saved = useCodebook((s) => s.saved);
  const questions = useMemo(() => (saved?.questions ?? []).filter((q) => !q.archived), [saved]);
  const state = useTraining();
  const question = questions.find((q) => q.id === state.questionId) ?? null;

  useEffect(() => {
    void useCodebook.getState().load();
  }, []);
  useEffect(() => {
    if (question || questions.length === 0) return;
    const first = questions.find((q) => q.labels.some((l) => !l.archived)) ?? questions[0]!;
    useTraining.getState().choose(first.id);
  }, [question, questions]);
  useEffect(() => {
    if (state.questionId) void useTraining.getState().load();
  }, [state.questionId]);

  if (questions.length === 0)
    return (
      <div className="screen">
        <div className="screen-header">
          <h1>{t('training.title')}</h1>
        </div>
        <section className="card empty-state">
          <p>{t('training.noQuestions')}</p>
          <div>
            <button type="button" className="btn btn-primary" onClick={() => useNav.getState().go('codebook')}>
              {t('training.goCodebook')}
            </button>
          </div>
        </section>
      </div>
    );

  return (
    <div className="screen training-screen" data-testid="training-screen">
      <div className="screen-header">
        <h1>{t('training.title')}</h1>
        <p className="muted">{t('training.intro')}</p>
      </div>
      <section className="card" aria-labelledby={`${id}-new`}>
        <h2 id={`${id}-new`}>{t('training.newRound')}</h2>
        <div className="training-choices">
          <QuestionSelect
            label={t('training.question')}
            questions={questions}
            value={state.questionId}
            testId="training-question"
            onChange={(questionId) => questionId && state.choose(questionId)}
          />
          <div className="field">
            <label className="field-label" htmlFor={`${id}-trainee`}>
              {t('training.trainee')}
            </label>
            <input
              id={`${id}-trainee`}
              className="input"
              value={state.trainee}
              onChange={(e) => state.setTrainee(e.target.value)}
              data-testid="training-trainee"
            />
            <p className="field-hint">{t('training.traineeHint')}</p>
          </div>
        </div>
        <NewRound />
        {state.error && (
          <p className="error-text" role="alert" data-testid="training-error">
            {state.error}
          </p>
        )}
      </section>
      {state.result && <TrainingResultView result={state.result} />}
      <section className="card" aria-labelledby={`${id}-rounds`} data-testid="training-rounds">
        <h2 id={`${id}-rounds`}>{t('training.rounds')}</h2>
        {state.rounds.length === 0 && !state.loading && <p className="muted">{t('training.noRounds')}</p>}
        {question && state.rounds.map((r) => <Round key={r.id} round={r} trainee={state.trainee} question={question} />)}
      </section>
    </div>
  );
}
