// tokenizer.json, tokenizer_config.json and special_tokens_map.json in DeBERTa-v3's layout, built
// from the same tiny SentencePiece Unigram model as the XLM-R files, as transformers'
// DebertaV2Converter writes them: Strip + Precompiled + Replace normalizer, a Sequence pre-tokenizer
// holding Metaspace, and a TemplateProcessing post-processor with type ids
// ("[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1").
//
// [Note: DeBERTa id mapping] DeBERTa-v3's vocabulary starts [PAD]=0, [CLS]=1, [SEP]=2, [UNK]=3 and
// ends with [MASK]. The tiny SentencePiece model has <unk>=0, <s>=1, </s>=2 and pieces from 3, so
// piece i (i >= 3) gets id i + 1, as in [Note: fairseq id mapping]; only the special tokens' names
// and order differ from XLM-R's (pad 0 instead of 1, cls 1 instead of bos 0).
import { type SpmModel, PieceType } from './spm-model';

export const DEBERTA_SPECIAL = { pad: '[PAD]', cls: '[CLS]', sep: '[SEP]', unk: '[UNK]', mask: '[MASK]' } as const;
export const DEBERTA_IDS = { pad: 0, cls: 1, sep: 2, unk: 3 } as const;

function addedToken(id: number, content: string) {
  return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
}

/** The vocabulary in DeBERTa-v3 order: [PAD] [CLS] [SEP] [UNK], the SentencePiece pieces, [MASK]. */
export function debertaVocab(spm: SpmModel): Array<[string, number]> {
  const [unk, bos, eos] = spm.pieces;
  if (unk?.type !== PieceType.Unknown || bos?.type !== PieceType.Control || eos?.type !== PieceType.Control) {
    throw new Error('SentencePiece model: expected <unk>=0 and two control pieces at 1 and 2');
  }
  const vocab: Array<[string, number]> = [
    [DEBERTA_SPECIAL.pad, 0],
    [DEBERTA_SPECIAL.cls, 0],
    [DEBERTA_SPECIAL.sep, 0],
    [DEBERTA_SPECIAL.unk, 0],
  ];
  for (const p of spm.pieces.slice(3)) vocab.push([p.piece, p.score]);
  vocab.push([DEBERTA_SPECIAL.mask, 0]);
  return vocab;
}

export function debertaTokenizerJson(spm: SpmModel): object {
  const vocab = debertaVocab(spm);
  const maskId = vocab.length - 1;
  const special = (id: string, typeId: number) => ({ SpecialToken: { id, type_id: typeId } });
  const seq = (id: 'A' | 'B', typeId: number) => ({ Sequence: { id, type_id: typeId } });
  const metaspace = { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true };
  const { cls, sep } = DEBERTA_SPECIAL;
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [
      addedToken(DEBERTA_IDS.pad, DEBERTA_SPECIAL.pad),
      addedToken(DEBERTA_IDS.cls, cls),
      addedToken(DEBERTA_IDS.sep, sep),
      addedToken(DEBERTA_IDS.unk, DEBERTA_SPECIAL.unk),
      addedToken(maskId, DEBERTA_SPECIAL.mask),
    ],
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'Strip', strip_left: true, strip_right: true },
        { type: 'Precompiled', precompiled_charsmap: Buffer.from(spm.precompiledCharsmap).toString('base64') },
        { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' },
      ],
    },
    pre_tokenizer: { type: 'Sequence', pretokenizers: [metaspace] },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special(cls, 0), seq('A', 0), special(sep, 0)],
      pair: [special(cls, 0), seq('A', 0), special(sep, 0), seq('B', 1), special(sep, 1)],
      special_tokens: {
        [cls]: { id: cls, ids: [DEBERTA_IDS.cls], tokens: [cls] },
        [sep]: { id: sep, ids: [DEBERTA_IDS.sep], tokens: [sep] },
      },
    },
    decoder: metaspace,
    model: { type: 'Unigram', unk_id: DEBERTA_IDS.unk, vocab, byte_fallback: false },
  };
}

export function debertaTokenizerConfigJson(maskId: number): object {
  const decoder: Record<string, object> = {};
  for (const [id, content] of [
    [DEBERTA_IDS.pad, DEBERTA_SPECIAL.pad],
    [DEBERTA_IDS.cls, DEBERTA_SPECIAL.cls],
    [DEBERTA_IDS.sep, DEBERTA_SPECIAL.sep],
    [DEBERTA_IDS.unk, DEBERTA_SPECIAL.unk],
    [maskId, DEBERTA_SPECIAL.mask],
  ] as const) {
    const { id: _id, ...rest } = addedToken(id, content);
    decoder[String(id)] = rest;
  }
  return {
    added_tokens_decoder: decoder,
    bos_token: DEBERTA_SPECIAL.cls,
    clean_up_tokenization_spaces: true,
    cls_token: DEBERTA_SPECIAL.cls,
    do_lower_case: false,
    eos_token: DEBERTA_SPECIAL.sep,
    mask_token: DEBERTA_SPECIAL.mask,
    model_max_length: 512,
    pad_token: DEBERTA_SPECIAL.pad,
    sep_token: DEBERTA_SPECIAL.sep,
    split_by_punct: false,
    tokenizer_class: 'DebertaV2Tokenizer',
    unk_token: DEBERTA_SPECIAL.unk,
    vocab_type: 'spm',
  };
}

export function debertaSpecialTokensMapJson(): object {
  const { cls, sep, pad, unk, mask } = DEBERTA_SPECIAL;
  return { bos_token: cls, cls_token: cls, eos_token: sep, mask_token: mask, pad_token: pad, sep_token: sep, unk_token: unk };
}
