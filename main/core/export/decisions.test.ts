import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp-dir';
import { closeSnapshot, DecisionReader, openSnapshot } from './decisions';
import { decide, insertDocuments, makeExportProject, undo } from './test-support/export-project';

const tmp = useTempDir();
const docs = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `d${i + 1}`, text: `text ${i + 1}` }));

describe('DecisionReader: the current decision of each document', () => {
  it('is the latest decision, an undone one gives way to the one before it, and an undone only decision leaves the document open', () => {
    const p = makeExportProject(tmp(), docs(4));
    const { label } = p;
    decide(p, { documentId: p.docs[0]!, labels: [label['against']!] });
    decide(p, { documentId: p.docs[0]!, labels: [label['in favour of']!] });
    const first = decide(p, { documentId: p.docs[1]!, labels: [label['against']!] });
    const second = decide(p, { documentId: p.docs[1]!, labels: [label['neutral towards']!] });
    undo(p, second);
    const only = decide(p, { documentId: p.docs[2]!, kind: 'skip' });
    undo(p, only);
    decide(p, { documentId: p.docs[3]!, kind: 'not_codable' });
    const reader = new DecisionReader(p.db, p.question.id);
    const rows = reader.chunk(0, 100);
    expect(rows.map((r) => r.decision?.labelIds ?? null)).toEqual([[label['in favour of']], [label['against']], null, []]);
    expect(rows[1]!.decision!.id).toBe(first);
    expect(rows.map((r) => r.decision?.kind ?? null)).toEqual(['label', 'label', null, 'not_codable']);
  });

  it('orders by created_at, then by insertion for equal times, across coders', () => {
    const p = makeExportProject(tmp(), docs(2));
    const t = '2026-03-02T10:00:00.000Z';
    decide(p, { documentId: p.docs[0]!, labels: [p.label['against']!], coder: 'ana', createdAt: '2026-03-02T11:00:00.000Z' });
    decide(p, { documentId: p.docs[0]!, labels: [p.label['in favour of']!], coder: 'ben', createdAt: t });
    decide(p, { documentId: p.docs[1]!, labels: [p.label['against']!], coder: 'ana', createdAt: t });
    decide(p, { documentId: p.docs[1]!, labels: [p.label['neutral towards']!], coder: 'ben', createdAt: t });
    const rows = new DecisionReader(p.db, p.question.id).chunk(0, 10);
    expect(rows[0]!.decision!.labelIds).toEqual([p.label['against']]);
    expect(rows[1]!.decision!.labelIds).toEqual([p.label['neutral towards']]);
  });

  it('reads in chunks by id without losing or repeating documents, and leaves out documents of unfinished imports', async () => {
    const p = makeExportProject(tmp(), docs(23));
    insertDocuments(p.db, docs(5), 'pending');
    for (const id of p.docs.filter((_, i) => i % 3 === 0)) decide(p, { documentId: id, labels: [p.label['against']!] });
    const reader = new DecisionReader(p.db, p.question.id);
    const seen: number[] = [];
    let coded = 0;
    for await (const chunk of reader.all({ chunkSize: 4 })) {
      for (const r of chunk) {
        seen.push(r.id);
        if (r.decision) coded++;
      }
    }
    expect(seen).toEqual(p.docs);
    expect(coded).toBe(8);
  });

  it('ignores decisions on other questions', () => {
    const p = makeExportProject(tmp(), docs(1));
    const other = 'ffffffff-ffff-4fff-8fff-ffffffffffff';
    p.db.prepare("INSERT INTO questions (id, name, position, created_at) VALUES (?, 'Other', 5, '2026-01-01')").run(other);
    p.db
      .prepare(
        "INSERT INTO annotations (id, document_id, question_id, coder_id, kind, label_ids, created_at) VALUES ('x', ?, ?, ?, 'label', '[]', '2099-01-01')",
      )
      .run(p.docs[0]!, other, p.coder('ana'));
    expect(new DecisionReader(p.db, p.question.id).chunk(0, 10)[0]!.decision).toBeNull();
  });

  it('a snapshot keeps seeing the project as it was while the core goes on writing, and cannot write', () => {
    const p = makeExportProject(tmp(), docs(2));
    decide(p, { documentId: p.docs[0]!, labels: [p.label['against']!] });
    const snap = openSnapshot(p.path);
    try {
      decide(p, { documentId: p.docs[1]!, labels: [p.label['against']!] });
      const rows = new DecisionReader(snap, p.question.id).chunk(0, 10);
      expect(rows.map((r) => r.decision !== null)).toEqual([true, false]);
      expect(() => snap.prepare("INSERT INTO coders (id, name, created_at) VALUES ('c', 'c', 'now')").run()).toThrow(/readonly/i);
    } finally {
      closeSnapshot(snap);
    }
  });
});
