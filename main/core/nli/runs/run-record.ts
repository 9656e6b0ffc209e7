// What a pre-label run records of its inputs when it starts ([Note: run provenance] in
// export/run-provenance.ts): the template and the hypotheses it asks, exactly as the engine builds
// them, and the SHA-256 of the model folder's tokenizer.json and config.json (the model file's own
// is the run's model_sha256). Stored in the run's options, so a later codebook change never
// rewrites what a run was made with.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CodebookQuestion } from '../../../../common/contract';
import { hypothesisFor } from '../../codebook/hypotheses';
import { sha256Stream } from '../../models/model-hash';
import type { Hypothesis } from '../scoring/pair-batch';

export interface RunInputRecord {
  template: string;
  hypotheses: Array<{ labelId: string; label: string; hypothesis: string }>;
  /** null: the model folder has no such file. */
  tokenizerSha256: string | null;
  configSha256: string | null;
}

async function fileSha256(path: string): Promise<string | null> {
  return existsSync(path) ? sha256Stream(path) : null;
}

export async function runInputRecord(
  question: CodebookQuestion,
  hypotheses: readonly Hypothesis[],
  modelFolder: string,
): Promise<RunInputRecord> {
  const byId = new Map(question.labels.map((l) => [l.id, l]));
  const [tokenizerSha256, configSha256] = await Promise.all([
    fileSha256(join(modelFolder, 'tokenizer.json')),
    fileSha256(join(modelFolder, 'config.json')),
  ]);
  return {
    template: question.template,
    hypotheses: hypotheses.map((h) => {
      const label = byId.get(h.labelId);
      return { labelId: h.labelId, label: h.label, hypothesis: label ? hypothesisFor(question, label) : h.label };
    }),
    tokenizerSha256,
    configSha256,
  };
}
