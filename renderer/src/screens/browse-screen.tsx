// Browse: every document of the project in one virtual table,
// with the last import's outcome and, for a chosen question, each document's state (status, label,
// suggestion, coder, flag; suggestions refreshed while a pre-label run goes), filters, search and
// sorting; where the project has gold labels, a Gold column and filter. With a question chosen a row's click or Enter opens its document in Annotate (the issue's
// "a click opens the document in Annotate"), and the whole text shows in a panel beside the table
// through the row's details button, i or Space; without a question the click shows the text.
import { useCallback, useEffect } from 'react';
import type { BrowseRow } from '../../../common/contract';
import { BrowseFilters } from '../components/browse-filters';
import { BrowseGroupToggle } from '../components/browse-group-toggle';
import { BrowseDelete } from '../components/browse-delete';
import { BrowseDetail } from '../components/browse-detail';
import { BrowseTable } from '../components/browse-table';
import { Notice } from '../components/notice';
import { PrelabelRun } from '../components/prelabel-run';
import { QuestionSelect } from '../components/question-select';
import { SearchIndexNotice } from '../components/search-index-notice';
import { t } from '../i18n/t';
import { useAnnotate } from '../state/annotate-store';
import { noFilters, useBrowse } from '../state/browse-store';
import { useImport } from '../state/import-store';
import { useNav } from '../state/nav-store';
import { rowAt } from '../state/page-cache';
import { runCounts, runStatus, usePrelabel } from '../state/prelabel-store';
import { useSamples } from '../state/samples-store';
import { useQuestions } from '../state/use-questions';

const GRID_ID = 'browse-grid';

function ImportResultNotice() {
  const result = useImport((s) => s.lastResult);
  if (!result) return null;
  return (
    <Notice kind="success" testId="import-result" onDismiss={useImport.getState().dismissResult}>
      {t('import.done', { count: result.imported, name: result.name })}{' '}
      <span data-testid="import-result-skipped">
        {result.skipped > 0 ? t('import.skipped', { count: result.skipped }) : t('import.noneSkipped')}
      </span>{' '}
      <span data-testid="import-result-flagged">
        {result.flagged > 0 ? t('import.flagged', { count: result.flagged }) : t('import.noneFlagged')}
      </span>
      {result.segments !== undefined && (
        <span data-testid="import-result-segments"> {t('segments.importDone', { count: result.segments })}</span>
      )}
    </Notice>
  );
}

/** The coder's choice of question in Browse: remembered, so "No question" stays chosen. */
function chooseQuestion(questionId: string | null) {
  useBrowse.getState().chooseQuestion(questionId);
  usePrelabel.getState().selectQuestion(questionId);
}

/** The question whose suggestions the table shows, and its run while one goes or waits paused. */
function SuggestionControls() {
  const noQuestionChosen = useBrowse((s) => s.noQuestionChosen);
  const questions = useQuestions(!noQuestionChosen);
  const questionId = usePrelabel((s) => s.questionId);
  if (questions.length === 0) return null;
  return (
    <QuestionSelect
      inline
      label={t('browse.question')}
      questions={questions}
      value={questionId}
      noneLabel={t('documents.noQuestion')}
      testId="browse-question"
      onChange={chooseQuestion}
    />
  );
}

function RunStrip() {
  const status = usePrelabel((s) => s.status);
  const progress = usePrelabel((s) => s.progress);
  const pending = usePrelabel((s) => s.pending);
  const state = runStatus({ status, progress });
  if (state !== 'running' && state !== 'paused') return null;
  const counts = runCounts({ status, progress });
  const live = progress && progress.jobId === status?.run?.id ? progress : null;
  const actions = usePrelabel.getState();
  return (
    <PrelabelRun
      compact
      status={state}
      done={counts.done}
      total={counts.total}
      pairsPerSecond={live?.pairsPerSecond ?? null}
      etaSeconds={live?.etaSeconds ?? null}
      pending={pending}
      canStart={false}
      hasRun
      onStart={() => undefined}
      onPause={() => void actions.pause()}
      onResume={() => void actions.resume()}
      onCancel={() => void actions.cancel()}
    />
  );
}

/** Shows a document in Annotate: in the running session, or first once a coder starts one. */
function openInAnnotate(row: BrowseRow) {
  void useAnnotate.getState().openDocument(row.id);
  useNav.getState().go('annotate');
}

export function BrowseScreen() {
  const total = useBrowse((s) => s.total);
  const pages = useBrowse((s) => s.pages);
  const selected = useBrowse((s) => s.selected);
  const error = useBrowse((s) => s.error);
  const detailOpen = useBrowse((s) => s.detailOpen);
  const questionId = useBrowse((s) => s.questionId);
  const detail = useBrowse((s) => s.detail);
  const detailError = useBrowse((s) => s.detailError);
  const filters = useBrowse((s) => s.filters);
  const sort = useBrowse((s) => s.sort);
  const direction = useBrowse((s) => s.direction);
  const queryVersion = useBrowse((s) => s.queryVersion);
  const noQuestionChosen = useBrowse((s) => s.noQuestionChosen);
  const hasGold = useSamples((s) => s.hasGold);
  // Until the coder chooses "No question", Browse shows the first question's state (its status,
  // label and suggestion columns) rather than bare documents.
  const questions = useQuestions(!noQuestionChosen);
  const question = questions.find((q) => q.id === questionId) ?? null;
  const filtering = JSON.stringify(filters) !== JSON.stringify(noFilters);
  const { ensureRange, select, openDetail, closeDetail, loadDetail, setFilters, setSort } = useBrowse.getState();
  const selectedId = rowAt(pages, selected)?.id ?? null;
  // While this screen shows, decisions made elsewhere refresh the rows at once (bug 7 of issue 10).
  useEffect(() => useBrowse.getState().attach(), []);
  useEffect(() => {
    void useSamples.getState().loadSettings();
  }, [total]);
  useEffect(() => {
    if (detailOpen && selectedId !== null) void loadDetail(selectedId);
  }, [detailOpen, selectedId, loadDetail]);
  const onRange = useCallback((first: number, last: number) => ensureRange(first, last), [ensureRange]);
  const closeAndReturn = () => {
    closeDetail();
    document.getElementById(GRID_ID)?.focus();
  };

  return (
    <div className="screen screen-fill">
      <div className="screen-header screen-header-row">
        <h1>{t('browse.title')}</h1>
        {total !== null && (
          <span className="count-badge" data-testid="browse-total">
            {t('documents.total', { count: total })}
          </span>
        )}
        <div className="grow" />
        <BrowseGroupToggle />
        {(total !== 0 || filtering) && <SuggestionControls />}
      </div>
      <ImportResultNotice />
      <SearchIndexNotice />
      {questionId && <RunStrip />}
      {error && <Notice kind="error">{t('documents.loadFailed', { message: error })}</Notice>}
      {(total !== 0 || filtering) && <BrowseFilters filters={filters} question={question} hasGold={hasGold} onChange={setFilters} />}
      {total !== null && <BrowseDelete row={total ? (rowAt(pages, selected) ?? null) : null} search={filters.search} />}
      {total === 0 && filtering ? (
        <div className="card empty-state" data-testid="browse-no-match">
          <p>{t('browse.noMatch')}</p>
        </div>
      ) : total === 0 ? (
        <div className="card empty-state" data-testid="browse-empty">
          <p>{t('documents.empty')}</p>
          <div>
            <button type="button" className="btn btn-primary" onClick={() => useNav.getState().go('import')}>
              {t('documents.goImport')}
            </button>
          </div>
        </div>
      ) : (
        <div className={`doc-layout${detailOpen ? ' doc-layout-detail' : ''}`}>
          <BrowseTable
            id={GRID_ID}
            total={total ?? 0}
            pages={pages}
            selected={selected}
            onSelect={select}
            onOpen={openDetail}
            onClose={closeDetail}
            onAnnotate={questionId ? openInAnnotate : undefined}
            onRange={onRange}
            showSuggestion={questionId !== null}
            showGold={hasGold}
            sort={sort}
            direction={direction}
            onSort={setSort}
            queryVersion={queryVersion}
          />
          {detailOpen && total ? (
            <BrowseDetail
              row={rowAt(pages, selected) ?? null}
              full={detail}
              fullError={detailError}
              index={selected}
              total={total}
              showSuggestion={questionId !== null}
              onClose={closeAndReturn}
              onAnnotate={questionId ? openInAnnotate : undefined}
            />
          ) : null}
        </div>
      )}
    </div>
  );
}
