// Version 9: each distinct model input scored once (issue 18).
//
// prediction_documents.input_hash: 16 bytes of SHA-256 over the document's model input (the premise
// tokens its pairs use, with the mode, maximum length and overlap: [Note: model-input key] in
// nli/scoring/pair-batch.ts). A run looks a document's key up among the stored documents of its
// question's runs under the same model-input hash and provider, and copies their logits instead of
// scoring the same token ids again ([Note: reuse of identical inputs] in nli/runs/input-reuse.ts).
// NULL for rows stored before this version and for merged shard results: they are never reused.
// The key lives in the row of the document it was computed from, so deleting a document (true
// deletion, a segmentation) removes its key with its logits.
export const version = 9;

export const sql = /* sql */ `
ALTER TABLE prediction_documents ADD COLUMN input_hash BLOB;
CREATE INDEX prediction_documents_input_hash ON prediction_documents(input_hash) WHERE input_hash IS NOT NULL;
`;
