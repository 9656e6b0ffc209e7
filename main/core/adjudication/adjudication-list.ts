// adjudication.list: a page of the disagreements ([Note: disagreement] in disagreements.ts) with what
// the adjudicator sees of each: the text, the suggestion (current under the model input's hash;
// none where the project hides suggestions or the adjudicator unticked it) and the gold value (only
// where the project shows gold while coding).
import type { AdjudicationPage, AdjudicationUnit, CodebookQuestion, Suggestion } from '../../../common/contract';
import { showGoldWhileCoding } from '../coding/gold';
import { pageSuggestions } from '../coding/page-suggestions';
import { hideSuggestions } from '../coding/resolution';
import type { Db } from '../store/project-db';
import { compare, countsOf, disagreements, parseKey, unitKey, withStatus, type Disagreement, type ListInput } from './disagreements';

/**
 * adjudication.list: a page of the question's disagreements in [Note: disagreement]'s order, with
 * each document's text, the suggestion (current under `hash`; none where the project hides
 * suggestions or the adjudicator unticked it) and the gold value (only where the project shows gold).
 */
export function listDisagreements(db: Db, question: CodebookQuestion, hash: string, input: ListInput): AdjudicationPage {
  // The counts are always the question's (or the sample's), also for one document.
  const all = disagreements(db, question, input.sampleId !== undefined ? { sampleId: input.sampleId } : {});
  let units = withStatus(input.documentId === undefined ? all : all.filter((u) => u.documentId === input.documentId), input.status);
  if (input.after !== undefined) {
    const [disagreement, labelSets, documentId] = parseKey(input.after);
    const mark = { disagreement, labelSets, documentId } as Disagreement;
    units = units.filter((u) => compare(u, mark) > 0);
  }
  const page = units.slice(0, input.limit);
  const suggestionsHidden = hideSuggestions(db);
  const goldShown = showGoldWhileCoding(db);
  return {
    units: present(db, question, hash, page, { suggestions: !suggestionsHidden && input.showSuggestion, gold: goldShown }),
    next: units.length > page.length && page.length ? unitKey(page[page.length - 1]!) : null,
    counts: countsOf(all),
    suggestionsHidden,
    goldShown,
  };
}

/** The units with their text, suggestion (when shown) and gold value (when shown), 500 documents a query. */
export function present(
  db: Db,
  question: CodebookQuestion,
  hash: string,
  list: readonly Disagreement[],
  show: { suggestions: boolean; gold: boolean },
): AdjudicationUnit[] {
  const out: AdjudicationUnit[] = [];
  for (let i = 0; i < list.length; i += 500) out.push(...presentChunk(db, question, hash, list.slice(i, i + 500), show));
  return out;
}

function presentChunk(
  db: Db,
  question: CodebookQuestion,
  hash: string,
  page: readonly Disagreement[],
  show: { suggestions: boolean; gold: boolean },
): AdjudicationUnit[] {
  const ids = page.map((u) => u.documentId);
  const docs = new Map(
    (
      db
        .prepare('SELECT id, text, gold_label AS gold FROM documents WHERE id IN (SELECT value FROM json_each(?))')
        .all(JSON.stringify(ids)) as {
        id: number;
        text: string;
        gold: string | null;
      }[]
    ).map((d) => [d.id, d]),
  );
  const suggestions = show.suggestions ? pageSuggestions(db, question, hash, ids) : new Map<number, Suggestion>();
  const names = new Map(question.labels.map((l) => [l.id, l.name]));
  return page.map((u): AdjudicationUnit => {
    const s = suggestions.get(u.documentId);
    return {
      key: unitKey(u),
      ...u,
      text: docs.get(u.documentId)?.text ?? '',
      suggestion: s ? { labelIds: s.labelIds, labels: s.labelIds.map((id) => names.get(id) ?? id), score: s.score } : null,
      gold: show.gold ? (docs.get(u.documentId)?.gold ?? null) : null,
    };
  });
}
