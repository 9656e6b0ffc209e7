// One page of the Browse table: every document with its current decision and suggestion for a
// question, filtered, sorted and paginated by keyset over the coding state's indexes.
//
// [Note: browse segments] A sort is a list of segments, each one index range: e.g. confidence is
// "documents with a current suggestion, by score" then "the others, by id"; label is one segment per
// label in codebook order, then the documents without a label. A segment that needs a state row
// reads coding_state alone (every state row is a visible document); one that does not reads the
// documents with the state left-joined. The cursor is the segment and the last row's key, so a page
// costs one or two index range scans however deep it is, and rows without a sort value (open,
// unscored) always come last, in either direction.
// Over 300 lines on purpose: the filters, segments, cursor and counts of one query share their SQL
// fragments; the row mapping is in browse-rows.ts.
import { PrelabelError, type BrowsePage, type CodebookQuestion, type ParsedInput } from '../../../common/contract';
import { scoredLabels } from '../codebook/hypotheses';
import { searchQuery } from '../store/search-text';
import type { Db } from '../store/project-db';
import { goldFilters } from './browse-gold';
import { rowsOf } from './browse-rows';
import { visibleCount } from './visible-count';
import { hasSegmentations } from '../segments/segmentations';
import { isUnit } from '../store/units';

export type BrowseInput = ParsedInput<'browse.page'>;

// The unary + keeps SQLite from reading the documents through documents_import (every visible
// document, then a sort by id): a page walks the documents by id and checks the import of each.
const VISIBLE = `+${isUnit('d')}`;

interface Segment {
  /** Needs a coding_state row (read from the state table alone). */
  state: boolean;
  where: string;
  /** Sort keys before the document id. */
  keys: string[];
  desc: boolean;
  params: Record<string, unknown>;
}

interface Filters {
  /** Conditions on `s` and on the document id written as {id}. */
  conditions: string[];
  needsState: boolean;
  params: Record<string, unknown>;
}

function filtersOf(db: Db, input: BrowseInput, question: CodebookQuestion | null): Filters {
  const c: string[] = [];
  let needsState = false;
  const params: Record<string, unknown> = {};
  const state = (cond: string) => {
    c.push(cond);
    needsState = true;
  };
  if (input.status === 'open') c.push('s.annotation_id IS NULL');
  if (input.status === 'decided') state("s.annotation_id IS NOT NULL AND s.kind <> 'skip'");
  if (input.status === 'skipped') state("s.annotation_id IS NOT NULL AND s.kind = 'skip'");
  if (input.labelId !== undefined) {
    params.label = input.labelId;
    state(
      question?.multiLabel
        ? 's.annotation_id IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(s.label_ids) WHERE value = @label)'
        : 's.annotation_id IS NOT NULL AND s.label_id = @label',
    );
  }
  if (input.suggestionId !== undefined) {
    params.sugg = input.suggestionId;
    state('s.suggestion_hash = @h AND s.suggestion_label_id = @sugg');
  }
  if (input.minConfidence !== undefined) {
    params.min = input.minConfidence;
    state('s.suggestion_hash = @h AND s.suggestion_score >= @min');
  }
  if (input.maxConfidence !== undefined) {
    params.max = input.maxConfidence;
    state('s.suggestion_hash = @h AND s.suggestion_score <= @max');
  }
  if (input.coder !== undefined) {
    params.coder = (db.prepare('SELECT id FROM coders WHERE name = ?').pluck().get(input.coder.trim()) as string | undefined) ?? '';
    state('s.coder_id = @coder');
  }
  if (input.flagged === true) state('s.annotation_id IS NOT NULL AND s.flagged = 1');
  if (input.flagged === false) c.push('s.flagged IS NOT 1');
  if (input.agreement !== undefined) {
    params.agreement = input.agreement === 'accepted' ? 1 : 0;
    state("s.annotation_id IS NOT NULL AND s.kind = 'label' AND s.accepted = @agreement");
  }
  const gold = goldFilters(db, input, question);
  if (gold) {
    c.push(...gold.plain);
    for (const cond of gold.state) state(cond);
    Object.assign(params, gold.params);
  }
  const match = input.search === undefined ? null : searchQuery(input.search);
  if (match !== null) {
    params.match = match;
    // Few matches: read them and sort them; many: walk the sort's index and check each row (a
    // correlated EXISTS keeps SQLite from reading every match and sorting them for one page).
    c.push(
      searchHits(db, match) <= browseTuning.driveFromHits
        ? '{id} IN (SELECT id FROM temp.browse_search_hits)'
        : 'EXISTS (SELECT 1 FROM temp.browse_search_hits h WHERE h.id = {id})',
    );
  }
  return { conditions: c, needsState, params };
}

/**
 * [Note: search hits] A search's matches are looked up once and kept in a temporary table of this
 * connection (the ids, as its primary key) until another search or a change of the index: the pages
 * that follow, and the count, then check membership by key instead of running the full-text query
 * again (a word in a third of a million documents costs a few hundred milliseconds each time). The
 * index changes only when an import's texts are indexed; the largest indexed rowid and the imports'
 * recorded index state say when.
 */
const searchMemo = new WeakMap<Db, { key: string; hits: number }>();
/** Up to `driveFromHits` matches a page starts from the matches; above, from the sort's index.
 * An object so that tests can lower it. */
export const browseTuning = { driveFromHits: 20_000 };

/** Fills the matches of `match` (unless they are there already) and returns how many there are. */
function searchHits(db: Db, match: string): number {
  // The index grows by import and by chunk, also below the largest rowid when an unfinished index
  // is completed ([Note: resumable search index]): the recorded state moves with every chunk.
  const indexed = db
    .prepare(
      "SELECT coalesce((SELECT max(id) FROM documents_fts_docsize), 0) || '/' || (SELECT total(search_indexed_through) + total(search_indexed) FROM imports) || '/' || (SELECT coalesce(group_concat(segmented_by), '') FROM imports)",
    )
    .pluck()
    .get() as string;
  const key = `${indexed}|${match}`;
  const memo = searchMemo.get(db);
  if (memo?.key === key) return memo.hits;
  db.exec('CREATE TEMP TABLE IF NOT EXISTS browse_search_hits (id INTEGER PRIMARY KEY)');
  let hits = 0;
  db.transaction(() => {
    db.exec('DELETE FROM temp.browse_search_hits');
    hits = db
      .prepare(
        // The index holds parents too (a removed split makes them units again): only units are hits.
        hasSegmentations(db)
          ? `INSERT INTO temp.browse_search_hits (id) SELECT f.rowid FROM documents_fts f JOIN documents d ON d.id = f.rowid
             WHERE documents_fts MATCH ? AND ${isUnit('d')}`
          : 'INSERT INTO temp.browse_search_hits (id) SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?',
      )
      .run(match).changes;
  })();
  searchMemo.set(db, { key, hits });
  return hits;
}

function segmentsOf(db: Db, input: BrowseInput, question: CodebookQuestion | null): Segment[] {
  const desc = input.direction === 'desc';
  const seg = (state: boolean, where: string, keys: string[] = [], params: Record<string, unknown> = {}, flip = false): Segment => ({
    state,
    where,
    keys,
    desc: flip ? !desc : desc,
    params,
  });
  const groups = <T>(list: T[]) => (desc ? [...list].reverse() : list);
  switch (input.sort) {
    case 'document':
      return [seg(false, '1')];
    case 'confidence':
      return [seg(true, 's.suggestion_hash = @h', ['s.suggestion_score']), seg(false, 's.suggestion_hash IS NOT @h')];
    case 'suggestion': {
      // Label by label in codebook order, the most confident first within a label.
      const labels = question ? groups(scoredLabels(question).map((l) => l.id)) : [];
      return [
        ...labels.map((id) =>
          seg(true, 's.suggestion_hash = @h AND s.suggestion_label_id = @seg', ['s.suggestion_score'], { seg: id }, true),
        ),
        seg(false, 's.suggestion_hash IS NOT @h'),
      ];
    }
    case 'label': {
      const labels = question ? groups(question.labels.map((l) => l.id)) : [];
      return [...labels.map((id) => seg(true, 's.label_id = @seg', [], { seg: id })), seg(false, 's.label_id IS NULL')];
    }
    case 'decided_at':
      return [seg(true, 's.annotation_id IS NOT NULL', ['s.decided_at']), seg(false, 's.annotation_id IS NULL')];
    case 'coder': {
      const coders = question ? groups(db.prepare('SELECT id FROM coders ORDER BY name').pluck().all() as string[]) : [];
      return [...coders.map((id) => seg(true, 's.coder_id = @seg', [], { seg: id })), seg(false, 's.annotation_id IS NULL')];
    }
  }
}

/** FROM and WHERE of a segment (or of the whole filtered set with `segment` null). */
function source(filters: Filters, segment: Segment | null): { from: string; id: string; where: string[] } {
  const fromState = filters.needsState || segment?.state === true;
  const id = fromState ? 's.document_id' : 'd.id';
  const from = fromState ? 'coding_state s' : 'documents d LEFT JOIN coding_state s ON s.question_id = @q AND s.document_id = d.id';
  const where = [fromState ? 's.question_id = @q' : VISIBLE, ...filters.conditions.map((c) => c.replaceAll('{id}', id))];
  if (segment) where.push(segment.where);
  return { from, id, where };
}

type Cursor = [segment: number, ...key: Array<number | string>];

function parseCursor(after: string | undefined, segments: Segment[]): Cursor | null {
  if (after === undefined) return null;
  try {
    const c = JSON.parse(after) as unknown;
    if (Array.isArray(c) && Number.isInteger(c[0]) && c[0] >= 0 && c[0] < segments.length && c.length === segments[c[0]]!.keys.length + 2) {
      if (c.slice(1).every((v) => typeof v === 'number' || typeof v === 'string')) return c as Cursor;
    }
  } catch {
    // reported below
  }
  throw new PrelabelError('INVALID_INPUT', 'The page cursor (after) does not belong to this table and sort; load the first page again.');
}

interface Hit {
  id: number;
  key: Array<number | string>;
  segment: number;
}

function fetchSegment(
  db: Db,
  filters: Filters,
  segment: Segment,
  index: number,
  cursor: Cursor | null,
  limit: number,
  base: Record<string, unknown>,
): Hit[] {
  const { from, id, where } = source(filters, segment);
  const keys = [...segment.keys, id];
  const op = segment.desc ? '<' : '>';
  const params: Record<string, unknown> = { ...base, ...filters.params, ...segment.params, limit };
  if (cursor && cursor[0] === index) {
    // (k1, ..., id) > (c1, ..., cid), spelled out so that SQLite uses the index range.
    const terms: string[] = [];
    keys.forEach((k, i) => {
      params[`c${i}`] = cursor[i + 1];
      const equal = keys.slice(0, i).map((e, j) => `${e} = @c${j}`);
      terms.push(`(${[...equal, `${k} ${op} @c${i}`].join(' AND ')})`);
    });
    where.push(`(${terms.join(' OR ')})`);
  }
  const dir = segment.desc ? 'DESC' : 'ASC';
  const rows = db
    .prepare(
      `SELECT ${keys.map((k, i) => `${k} AS k${i}`).join(', ')} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${keys.map((k) => `${k} ${dir}`).join(', ')} LIMIT @limit`,
    )
    .raw()
    .all(params) as Array<Array<number | string>>;
  return rows.map((r) => ({ id: r[r.length - 1] as number, key: r, segment: index }));
}

/**
 * [Note: browse totals] The first page's total must not count a million rows. Without filters it is
 * the visible count (cached per import, queue.ts); one filter that the decision tally counts
 * (status, agreement, label) is read from the tally ([Note: coding tally] in
 * store/migrations/003-coding-tally.ts), "open" as visible less decided; search alone counts the
 * index's matches (documents_fts holds committed documents only: an import's texts are indexed after
 * it commits, and committed documents are never removed). Other combinations count through the
 * indexes: decided-only filters name annotation_id, so the partial indexes over the decided rows
 * apply, and the bound is the number of decisions or of matches.
 */
function countOf(db: Db, input: BrowseInput, question: CodebookQuestion | null, filters: Filters, base: Record<string, unknown>): number {
  const tallied = tallyCount(db, input, question, filters);
  if (tallied !== null) return tallied;
  const count = (f: Filters) => {
    const { from, where } = source(f, null);
    return db
      .prepare(`SELECT count(*) FROM ${from} WHERE ${where.join(' AND ')}`)
      .pluck()
      .get({ ...base, ...f.params }) as number;
  };
  // Gold filters look up each document's gold: counted through the rows, as the state filters are.
  if (filters.needsState || filters.conditions.some((c) => c.includes('gold_label'))) return count(filters);
  // Only "open", "not flagged" and search: all matching documents less those with a decision (a
  // flag belongs to a decision), two index counts instead of a join over every document.
  // The search's condition comes in two forms ([Note: search hits]); both read the matches' table.
  const conditions = filters.conditions.filter((c) => c.includes('browse_search_hits'));
  const all = () =>
    conditions.length === 0 ? visibleCount(db) : (db.prepare('SELECT count(*) FROM temp.browse_search_hits').pluck().get() as number);
  if (conditions.length === filters.conditions.length) return all();
  const excluded = filters.conditions.includes('s.annotation_id IS NULL')
    ? 's.annotation_id IS NOT NULL'
    : 's.annotation_id IS NOT NULL AND s.flagged = 1';
  return all() - count({ conditions: [...conditions, excluded], needsState: true, params: filters.params });
}

/** The total from the visible count and the decision tally, where the filters allow; else null. */
function tallyCount(db: Db, input: BrowseInput, question: CodebookQuestion | null, filters: Filters): number | null {
  if (filters.conditions.length === 0) return visibleCount(db);
  const active = [
    input.status !== 'any',
    input.labelId !== undefined,
    input.suggestionId !== undefined,
    input.minConfidence !== undefined,
    input.maxConfidence !== undefined,
    input.coder !== undefined,
    input.flagged !== undefined,
    input.agreement !== undefined,
    input.gold !== undefined || input.goldLabelId !== undefined,
    filters.params.match !== undefined,
  ].filter(Boolean).length;
  if (active !== 1 || !question) return null;
  const tally = new Map(
    db.prepare('SELECT bucket, n FROM coding_tally WHERE question_id = ?').raw().all(question.id) as [string, number][],
  );
  const n = (bucket: string) => tally.get(bucket) ?? 0;
  if (input.status === 'open') return visibleCount(db) - n('kind:label') - n('kind:not_codable') - n('kind:skip');
  if (input.status === 'decided') return n('kind:label') + n('kind:not_codable');
  if (input.status === 'skipped') return n('kind:skip');
  if (input.agreement !== undefined) return n(input.agreement === 'accepted' ? 'accepted:1' : 'accepted:0');
  if (input.labelId !== undefined) return n(`${question.multiLabel ? 'label' : 'first'}:${input.labelId}`);
  return null;
}

export function browsePage(db: Db, question: CodebookQuestion | null, hash: string, input: BrowseInput): BrowsePage {
  // [Note: grouped by parent] A segmentation writes each parent's units together, in text order, and
  // the parents in id order, so in document order every parent's units are one run of rows: the
  // grouping is the document sort. Other sorts would scatter a parent's units.
  if (input.groupByParent && input.sort !== 'document') {
    throw new PrelabelError(
      'INVALID_INPUT',
      'Rows can be grouped by parent document only in document order; choose the document sort to group them.',
    );
  }
  const filters = filtersOf(db, input, question);
  const segments = segmentsOf(db, input, question);
  const cursor = parseCursor(input.after, segments);
  const base = { q: question?.id ?? '', h: hash };
  const hits: Hit[] = [];
  for (let i = cursor?.[0] ?? 0; i < segments.length && hits.length <= input.limit; i++) {
    hits.push(...fetchSegment(db, filters, segments[i]!, i, cursor, input.limit + 1 - hits.length, base));
  }
  const page = hits.slice(0, input.limit);
  const last = page[page.length - 1];
  const next = hits.length > input.limit && last ? JSON.stringify([last.segment, ...last.key]) : null;
  return {
    rows: rowsOf(
      db,
      question,
      hash,
      page.map((h) => h.id),
    ),
    next,
    total: input.after === undefined ? countOf(db, input, question, filters, base) : null,
  };
}
