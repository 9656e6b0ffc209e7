// Writes a run's scored groups: their logits, the documents copied from identical model inputs
// ([Note: reuse of identical inputs] in input-reuse.ts) and the coding state's suggestions, several
// groups in one transaction.
//
// [Note: writes in large transactions] Scored groups are held and written together, in one
// transaction, once `tuning.writeRows` pairs wait or `tuning.writeIntervalMs` has passed since the
// last write (and always when the run stops or fails, before it asks for new documents, and at once
// for a group holding a priority document, which a coder waits for), instead of one
// commit per group of 32 pairs. A kill loses at most the held groups, which a resumed run scores
// again (nothing is stored without its logits); progress counts only what is written.
//
// [Note: suggestions from the rows written] Every row of a scored document is stored in one write
// (a hierarchical run's two calls are one group), so the rows the write hands SQLite are all of
// the document's rows in the run, and the suggestion writer takes them from the write instead of
// reading them back (a query per document: a quarter of the core's busy time). The numbers are the
// same ones: the logits are float32 values, which SQLite's REAL stores and returns exactly, and the
// suggestion does not depend on the rows' order. Copied documents ([Note: reuse of identical
// inputs]) are still read back: their rows come from SQL.
import { suggestionStateWriter } from '../../coding/coding-state';
import type { LoadedModel } from '../../models/model-loader';
import { batchWriter, type BatchWrite, type PredictionRow } from '../../store/prediction-store';
import type { Db } from '../../store/project-db';
import type { DocumentPlan, PairPlanner } from '../scoring/pair-batch';
import type { ScoredParts } from './group-scorer';
import { documentRow, type InputReuse } from './input-reuse';
import type { RunnerTuning } from './run-tuning';

export interface HeldGroup {
  docs: DocumentPlan[];
  parts: ScoredParts;
  /** The group's share of the time since the previous answer (the run's rate measures). */
  seconds: number;
}

/** What one write stored: the scored groups, and the documents copied with them. */
export interface Written {
  groups: HeldGroup[];
  copies: DocumentPlan[];
  copiedRows: number;
}

export interface RunWriterOptions {
  db: Db;
  runId: string;
  model: LoadedModel;
  planner: PairPlanner;
  tuning: Pick<RunnerTuning, 'writeRows' | 'writeIntervalMs'>;
  reuse?: InputReuse;
}

export class RunWriter {
  private held: HeldGroup[] = [];
  private heldRows = 0;
  private lastWrite = performance.now();
  private readonly write: BatchWrite;
  /** The rows of the write under way, and how many documents it scored (the copies follow them). */
  private rows: PredictionRow[] = [];
  private scoredDocs = 0;

  constructor(private readonly o: RunWriterOptions) {
    // The batch's suggestions go into the coding state in the batch's transaction, from the rows
    // just written ([Note: suggestions from the rows written]).
    const suggest = suggestionStateWriter(o.db, o.runId);
    this.write = batchWriter(o.db, o.runId, (documentIds) => {
      const rows = this.rows;
      const scored = this.scoredDocs;
      this.rows = [];
      suggest(scored === documentIds.length ? documentIds : documentIds.slice(0, scored), rows);
      if (scored < documentIds.length) suggest(documentIds.slice(scored));
    });
  }

  hold(group: HeldGroup): void {
    this.held.push(group);
    for (const { result } of group.parts) this.heldRows += result.rows.doc.length;
  }

  /** Whether the held groups are due to be written. */
  due(now: number): boolean {
    return this.heldRows >= this.o.tuning.writeRows || now - this.lastWrite >= this.o.tuning.writeIntervalMs;
  }

  /** Writes the held groups (and the copies waiting) in one transaction; null when nothing was held. */
  flush(): Written | null {
    this.lastWrite = performance.now();
    if (this.held.length === 0 && !this.o.reuse?.waiting) return null;
    const groups = this.held;
    this.held = [];
    this.heldRows = 0;
    const written: Written = { groups, copies: [], copiedRows: 0 };
    this.o.db.transaction(() => {
      for (const { parts } of groups) this.store(parts, written);
      if (groups.length === 0) this.store([], written);
    })();
    return written;
  }

  private store(parts: ScoredParts, written: Written): void {
    const idx = this.o.model.config.indices;
    const hyps = this.o.planner.hypotheses;
    const docs = parts[0]?.docs ?? [];
    // Documents with the same model input as these (or as stored ones) go in the same transaction.
    const copies = this.o.reuse ? this.o.reuse.takeCopies(docs) : [];
    const counts = parts.map((p) => p.result.rows.doc.length);
    let part = 0;
    let base = 0;
    const stored: PredictionRow[] = (this.rows = []);
    this.scoredDocs = docs.length;
    written.copiedRows += this.write(
      docs.map(documentRow),
      counts.reduce((a, b) => a + b, 0),
      (i, out) => {
        // Rows are asked in order, so the part only moves forward.
        while (i - base >= counts[part]!) base += counts[part++]!;
        const { docs: partDocs, result } = parts[part]!;
        const { rows, logits, classes } = result;
        const r = i - base;
        const o = r * classes;
        const doc = partDocs[rows.doc[r]!]!;
        out[0] = doc.documentId;
        out[1] = hyps[rows.label[r]!]!.labelId;
        out[2] = rows.window[r]!;
        out[3] = logits[o + idx.entailment]!;
        out[4] = idx.neutral === undefined ? null : logits[o + idx.neutral]!;
        out[5] = logits[o + idx.contradiction]!;
        stored.push({ documentId: out[0], labelId: out[1], window: out[2], entailment: out[3], neutral: out[4], contradiction: out[5] });
      },
      copies,
    );
    for (const c of copies) written.copies.push(c.plan);
  }
}
