// Contract handlers of coding: coders, the queue, decisions and undo, progress, Browse. Reads first
// bring the question's suggestion state up to the current model-input hash (coding-state.ts), the
// engine's (NliEngine.currentHash), so the screens count exactly the predictions the engine counts.
// A committed decision or undo is announced as `coding:changed`, so Browse in any window reads its
// rows again (bug 7 of issue 10).
// Validation samples and the coding settings (issue 13) are coding too: a sample is a queue, and a
// blind decision records the suggestion current at the time, hidden, as the CLI's decisions do.
import { PrelabelError, type CodebookQuestion, type CodingSettings, type Decision, type Suggestion } from '../../../common/contract';
import type { CoreContext } from '../core-context';
import { findQuestion, readCodebook } from '../codebook/codebook-read';
import { browsePage } from '../coding/browse';
import { ensureSuggestions, resolveAgain } from '../coding/coding-state';
import {
  blindCoders,
  codingMode,
  hideSuggestions,
  resolutionRule,
  setBlindCoders,
  setCodingMode,
  setHideSuggestions,
  setResolutionRuleMeta,
} from '../coding/resolution';
import { decide, listCoders, requireQuestion, undo } from '../coding/decisions';
import { emptyGoldMeansNoLabel, hasGold, setEmptyGoldMeansNoLabel, setShowGoldWhileCoding, showGoldWhileCoding } from '../coding/gold';
import { labelByName } from '../coding/label-by-name';
import { pageSuggestions } from '../coding/page-suggestions';
import { progress, queuePage } from '../coding/queue';
import { createSample, listSamples, metadataColumns, planSampleSize } from '../coding/samples';
import type { Db } from '../store/project-db';
import type { Handlers } from './dispatcher';

type CodingHandlers = Pick<
  Handlers,
  | 'coders.list'
  | 'annotate.queue'
  | 'annotate.decide'
  | 'annotate.undo'
  | 'annotate.progress'
  | 'annotate.labelByName'
  | 'browse.page'
  | 'annotate.settings'
  | 'annotate.setSettings'
  | 'samples.size'
  | 'samples.create'
  | 'samples.list'
  | 'samples.columns'
>;

/** A lead coder must be a coder of the project, named exactly (a near miss would silently fall back
 * to the majority). */
function requireCoderName(db: Db, name: string): void {
  const coders = listCoders(db).map((c) => c.name);
  const wanted = name.trim();
  if (coders.includes(wanted)) return;
  const near = coders.find((c) => c.toLowerCase() === wanted.toLowerCase());
  throw new PrelabelError(
    'INVALID_INPUT',
    near !== undefined
      ? `No coder is named "${wanted}"; did you mean "${near}"?`
      : `No coder is named "${wanted}" (${coders.length ? `the coders: ${coders.join(', ')}` : 'no coder has decided anything yet'}).`,
  );
}

export function codingHandlers(ctx: CoreContext): CodingHandlers {
  const questionOf = (questionId: string) => {
    const db = ctx.requireProject().db;
    return { db, question: requireQuestion(readCodebook(db), questionId) };
  };
  /** The suggestion current for one document (under the engine's current hash), or null. */
  const currentSuggestion = async (db: Db, question: CodebookQuestion): Promise<(documentId: number) => Suggestion | null> => {
    const hash = await ctx.engine.currentHash(db, question);
    return (documentId) => pageSuggestions(db, question, hash, [documentId]).get(documentId) ?? null;
  };
  const settings = (db: Db): CodingSettings => ({
    showGold: showGoldWhileCoding(db),
    hasGold: hasGold(db),
    emptyGoldNoLabel: emptyGoldMeansNoLabel(db),
    mode: codingMode(db),
    blindCoders: blindCoders(db),
    hideSuggestions: hideSuggestions(db),
    resolution: resolutionRule(db),
  });
  const changed = (decision: Decision): Decision => {
    ctx.emit('coding:changed', { questionId: decision.questionId });
    return decision;
  };
  return {
    'coders.list': () => listCoders(ctx.requireProject().db),
    'annotate.queue': async (input) => {
      const { db, question } = questionOf(input.questionId);
      return queuePage(db, question, await ctx.engine.currentHash(db, question), input);
    },
    'annotate.decide': async (input) => {
      const db = ctx.requireProject().db;
      if (input.sampleId === undefined && (input.suggestion !== null || !hideSuggestions(db))) return changed(decide(db, input));
      const { question } = questionOf(input.questionId);
      const current = await currentSuggestion(db, question);
      return changed(decide(db, input, { hiddenSuggestion: current(input.documentId) }));
    },
    'annotate.undo': (input) => {
      const result = undo(ctx.requireProject().db, input);
      if (result.undone) ctx.emit('coding:changed', { questionId: input.questionId });
      return result;
    },
    'annotate.progress': ({ questionId }) => {
      const { db, question } = questionOf(questionId);
      return progress(db, question);
    },
    'annotate.labelByName': async (input) => {
      const db = ctx.requireProject().db;
      const question = findQuestion(readCodebook(db), input.question);
      const current = question ? await currentSuggestion(db, question) : () => null;
      return changed(labelByName(db, input, (_q, documentId) => current(documentId)));
    },
    'browse.page': async (input) => {
      const db = ctx.requireProject().db;
      if (input.questionId === undefined) return browsePage(db, null, '', input);
      const { question } = questionOf(input.questionId);
      const hash = await ctx.engine.currentHash(db, question);
      ensureSuggestions(db, question, hash);
      return browsePage(db, question, hash, input);
    },
    'annotate.settings': () => settings(ctx.requireProject().db),
    'annotate.setSettings': (input) => {
      const db = ctx.requireProject().db;
      db.transaction(() => {
        if (input.showGold !== undefined) setShowGoldWhileCoding(db, input.showGold);
        if (input.emptyGoldNoLabel !== undefined) setEmptyGoldMeansNoLabel(db, input.emptyGoldNoLabel);
        if (input.mode !== undefined) setCodingMode(db, input.mode);
        if (input.blindCoders !== undefined) setBlindCoders(db, input.blindCoders);
        if (input.hideSuggestions !== undefined) setHideSuggestions(db, input.hideSuggestions);
        if (input.resolution !== undefined) {
          if (input.resolution.rule === 'lead') requireCoderName(db, input.resolution.lead);
          setResolutionRuleMeta(db, input.resolution);
          // Every disagreement settled by the rule is settled again by the new one.
          resolveAgain(db);
        }
      })();
      if (input.resolution !== undefined) for (const q of readCodebook(db).questions) ctx.emit('coding:changed', { questionId: q.id });
      return settings(db);
    },
    'samples.size': (input) => planSampleSize(ctx.requireProject().db, input),
    'samples.create': (input) => {
      const { db, question } = questionOf(input.questionId);
      return createSample(db, question, input);
    },
    'samples.list': ({ questionId }) => listSamples(ctx.requireProject().db, questionId),
    'samples.columns': () => metadataColumns(ctx.requireProject().db),
  };
}
