// What Prelabel knows about models from their model cards: languages and reported accuracy, shown
// in the models screen. Matched by the hub repository name (from prelabel-model.json or the folder
// name).
import { resolve } from 'node:path';
import type { ModelCard, ModelEntry } from '../../../common/contract';
import type { ModelFolderInfo } from './model-folders';

const CARDS: Record<string, ModelCard> = {
  'multilingual-MiniLMv2-L6-mnli-xnli': {
    name: 'MoritzLaurer/multilingual-MiniLMv2-L6-mnli-xnli',
    languages: 'Trained on MNLI and XNLI (15 languages); usable for 100+ languages of XLM-RoBERTa.',
    // XNLI test accuracy, 5,010 pairs a language, as reported on the model card (README.md of
    // huggingface.co/MoritzLaurer/multilingual-MiniLMv2-L6-mnli-xnli at the pinned revision 0a71e92a,
    // model-manifest.ts; also in MODEL.md). `prelabel evaluate-model` prints them beside its own
    // measurement (nli/evaluation-summary.ts).
    xnliAccuracy: {
      avg: 0.713,
      ar: 0.687,
      bg: 0.742,
      de: 0.719,
      el: 0.723,
      en: 0.789,
      es: 0.748,
      fr: 0.741,
      hi: 0.691,
      ru: 0.714,
      sw: 0.642,
      th: 0.699,
      tr: 0.696,
      ur: 0.664,
      vi: 0.723,
      zh: 0.721,
    },
    notes:
      'MNLI matched 0.782, mismatched 0.800. About 6,093 pairs/s on an A100 GPU at batch 120 (model card). For higher accuracy at lower speed the card suggests mDeBERTa-v3-base-mnli-xnli.',
  },
};

export function cardFor(id: string): ModelCard | null {
  const key = id.split('/').pop() ?? id;
  return CARDS[key] ?? null;
}
/** A model that can be used as it is: its folder is there with every file (a download: verified). */
export function isUsable(folder: ModelFolderInfo): boolean {
  return !folder.missing && folder.missingFiles.length === 0 && (folder.source !== 'downloaded' || folder.hasRecord);
}

export function modelCatalogEntry(folder: ModelFolderInfo, activePath: string | null): ModelEntry {
  return {
    id: folder.id,
    path: folder.path,
    source: folder.source,
    sizeBytes: folder.sizeBytes,
    missing: folder.missing,
    missingFiles: folder.missingFiles,
    complete: isUsable(folder),
    active: activePath !== null && resolve(activePath) === resolve(folder.path),
    card: cardFor(folder.id),
  };
}
