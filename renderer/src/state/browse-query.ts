// The Browse table's query: its filters (those about decisions and suggestions need a question),
// sorts, and the browse.page input they make for one page (browse-store.ts fetches the pages).
import type { MethodInput } from '../../../common/contract';
import { PAGE_SIZE } from './page-cache';

type BrowseInput = MethodInput<'browse.page'>;
export type BrowseSort = NonNullable<BrowseInput['sort']>;
export type BrowseStatus = NonNullable<BrowseInput['status']>;

/** The filters of the Browse table; those about decisions and suggestions need a question. */
export interface BrowseFilters {
  status: BrowseStatus;
  labelId: string | null;
  suggestionId: string | null;
  /** Confidence bounds, 0..1; null: open. */
  minConfidence: number | null;
  maxConfidence: number | null;
  coder: string | null;
  flagged: boolean | null;
  agreement: 'accepted' | 'changed' | null;
  /** Documents with a gold label, or whose gold differs from the decision or the suggestion. */
  gold: 'has' | 'differs_decision' | 'differs_suggestion' | null;
  /** Documents whose gold label means this label. */
  goldLabelId: string | null;
  search: string;
}

export const noFilters: BrowseFilters = {
  status: 'any',
  labelId: null,
  suggestionId: null,
  minConfidence: null,
  maxConfidence: null,
  coder: null,
  flagged: null,
  agreement: null,
  gold: null,
  goldLabelId: null,
  search: '',
};

/** The browse.page input for a page, from the question, the filters and the sort. */
export function browseQuery(
  questionId: string | null,
  filters: BrowseFilters,
  sort: BrowseSort,
  direction: 'asc' | 'desc',
  after: string | undefined,
  groupByParent = false,
): BrowseInput {
  const q: BrowseInput = { sort, direction, limit: PAGE_SIZE };
  // Units of one document together, in text order (the core takes it with the document sort only).
  if (groupByParent && sort === 'document') q.groupByParent = true;
  const search = filters.search.trim();
  if (search) q.search = search;
  if (after !== undefined) q.after = after;
  if (!questionId) return q;
  q.questionId = questionId;
  if (filters.status !== 'any') q.status = filters.status;
  if (filters.labelId) q.labelId = filters.labelId;
  if (filters.suggestionId) q.suggestionId = filters.suggestionId;
  if (filters.minConfidence !== null) q.minConfidence = filters.minConfidence;
  if (filters.maxConfidence !== null) q.maxConfidence = filters.maxConfidence;
  if (filters.coder) q.coder = filters.coder;
  if (filters.flagged !== null) q.flagged = filters.flagged;
  if (filters.agreement) q.agreement = filters.agreement;
  if (filters.gold) q.gold = filters.gold;
  if (filters.goldLabelId) q.goldLabelId = filters.goldLabelId;
  return q;
}

/** Sorts that mean something only with a question (they read its decisions or suggestions). */
export const QUESTION_SORTS: ReadonlySet<BrowseSort> = new Set(['confidence', 'suggestion', 'label', 'decided_at', 'coder']);
