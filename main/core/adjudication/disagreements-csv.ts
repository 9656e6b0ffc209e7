// The disagreements of a question as one CSV for a coding meeting: a row per disagreement in the
// adjudication view's order ([Note: disagreement] in disagreements.ts), with the text, each coder's
// label(s) and note side by side, the suggestion, the gold value where the project shows gold, and
// the adjudicated label where one stands. What the screen downloads and `prelabel disagreements` writes.
//
// A decision's cell: its label names joined by "|" (LABEL_SEPARATOR, as in the export), "[none]" for
// a multi-label decision "none of these labels", "[skip]" for a skip, "[not codable]"; empty where the
// coder has no decision on the document.
import type { AdjudicationCoderDecision, CodebookQuestion, DisagreementsCsv, ParsedInput } from '../../../common/contract';
import { LABEL_SEPARATOR } from '../export/columns';
import { csvField } from '../export/csv-writer';
import type { Db } from '../store/project-db';
import { showGoldWhileCoding } from '../coding/gold';
import { hideSuggestions } from '../coding/resolution';
import { present } from './adjudication-list';
import { disagreements, withStatus } from './disagreements';

export function decisionCell(d: Pick<AdjudicationCoderDecision, 'kind' | 'labels'> | null | undefined): string {
  if (!d) return '';
  if (d.kind === 'skip') return '[skip]';
  if (d.kind === 'not_codable') return '[not codable]';
  return d.labels.length ? d.labels.join(LABEL_SEPARATOR) : '[none]';
}

export function disagreementsCsv(
  db: Db,
  question: CodebookQuestion,
  hash: string,
  input: ParsedInput<'adjudication.csv'>,
): DisagreementsCsv {
  const goldShown = showGoldWhileCoding(db);
  const suggestions = !hideSuggestions(db) && input.showSuggestion;
  const list = withStatus(disagreements(db, question, input.sampleId !== undefined ? { sampleId: input.sampleId } : {}), input.status);
  const units = present(db, question, hash, list, { suggestions, gold: goldShown });
  const coders = [...new Set(units.flatMap((u) => u.coders.map((c) => c.coder)))].sort();
  const header = [
    'document_id',
    'text',
    'disagreement',
    ...coders.flatMap((c) => [`${c}: label`, `${c}: note`]),
    ...(suggestions ? ['suggestion', 'suggestion_score'] : []),
    ...(goldShown ? ['gold_label'] : []),
    'adjudicated_label',
    'adjudicator',
    'adjudication_note',
  ];
  const lines = [header.map((h) => csvField(h, false)).join(',')];
  for (const u of units) {
    const byCoder = new Map(u.coders.map((c) => [c.coder, c]));
    const cells: Array<string | number | null> = [
      u.externalId,
      u.text,
      Math.round(u.disagreement * 1000) / 1000,
      ...coders.flatMap((c) => [decisionCell(byCoder.get(c)), byCoder.get(c)?.note ?? null]),
      ...(suggestions
        ? [
            u.suggestion ? u.suggestion.labels.join(LABEL_SEPARATOR) : null,
            u.suggestion ? Math.round(u.suggestion.score * 1e4) / 1e4 : null,
          ]
        : []),
      ...(goldShown ? [u.gold] : []),
      u.adjudication ? decisionCell(u.adjudication) : null,
      u.adjudication?.coder ?? null,
      u.adjudication?.note ?? null,
    ];
    lines.push(cells.map((c) => csvField(c, false)).join(','));
  }
  return { csv: lines.join('\r\n') + '\r\n', rows: units.length, coders };
}
