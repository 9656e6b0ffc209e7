// Version 6: the unit of analysis (issue 12). A segmentation is an import of its own (format
// 'segments') whose documents are the units of other documents: paragraphs, sentences or windows of
// sentences.
//
// - documents.parent_id, segment_index, char_start, char_end: a unit's parent document, its 0-based
//   position there and its UTF-16 offsets into the parent's text (parent.text.slice(char_start,
//   char_end) is the unit's text exactly). NULL for every document that is not a unit.
// - imports.segmented_by: the segmentation whose units replace this import's documents as coding
//   units. It is set in the same transaction that commits the segmentation, so the parents and
//   their units swap places at once ([Note: coding units] in store/units.ts).
export const version = 6;

export const sql = /* sql */ `
ALTER TABLE imports ADD COLUMN segmented_by TEXT REFERENCES imports(id);
ALTER TABLE documents ADD COLUMN parent_id INTEGER REFERENCES documents(id);
ALTER TABLE documents ADD COLUMN segment_index INTEGER;
ALTER TABLE documents ADD COLUMN char_start INTEGER;
ALTER TABLE documents ADD COLUMN char_end INTEGER;
-- A unit's neighbours (the queue's context) and a parent's units (export at parent level).
CREATE INDEX documents_parent ON documents(parent_id, segment_index) WHERE parent_id IS NOT NULL;
`;
