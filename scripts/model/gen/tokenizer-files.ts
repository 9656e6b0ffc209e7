// Builds tokenizer.json, tokenizer_config.json and special_tokens_map.json in XLM-R's layout from a
// SentencePiece Unigram model.
//
// [Note: fairseq id mapping] XLM-R's ids are SentencePiece's shifted by the fairseq offset: the
// SentencePiece model has <unk>=0, <s>=1, </s>=2 and pieces from 3; XLM-R has <s>=0, <pad>=1,
// </s>=2, <unk>=3, SentencePiece piece i (i >= 3) at id i + 1, and <mask> last. So a SentencePiece id
// s maps to (s === 0 ? 3 : s + 1). scripts/reference/make_fixtures.py applies the same mapping.
import { type SpmModel, PieceType } from './spm-model';

export const SPECIAL = { bos: '<s>', pad: '<pad>', eos: '</s>', unk: '<unk>', mask: '<mask>' } as const;

/** Private-use prefix of the synthetic pieces that pad the full-size vocabulary: no text contains it. */
const UNUSED_PREFIX = '\uE000unused';

function addedToken(id: number, content: string) {
  // <mask> strips the space before it, as in XLM-R's tokenizer.json.
  return { id, content, single_word: false, lstrip: content === SPECIAL.mask, rstrip: false, normalized: false, special: true };
}

/** The vocabulary in XLM-R order: specials, the SentencePiece pieces, padding pieces, <mask>. */
export function xlmrVocab(spm: SpmModel, vocabSize?: number): Array<[string, number]> {
  const [unk, bos, eos] = spm.pieces;
  if (unk?.type !== PieceType.Unknown || bos?.piece !== SPECIAL.bos || eos?.piece !== SPECIAL.eos) {
    throw new Error('SentencePiece model: expected <unk>=0, <s>=1, </s>=2 (XLM-R layout)');
  }
  const vocab: Array<[string, number]> = [
    [SPECIAL.bos, 0],
    [SPECIAL.pad, 0],
    [SPECIAL.eos, 0],
    [SPECIAL.unk, 0],
  ];
  for (const p of spm.pieces.slice(3)) vocab.push([p.piece, p.score]);
  const natural = vocab.length + 1;
  const target = vocabSize ?? natural;
  if (target < natural) throw new Error(`vocab size ${target} is smaller than the tokenizer's ${natural}`);
  // Unused pieces get a score far below any real piece, so the Unigram lattice never prefers them.
  for (let i = 0; vocab.length < target - 1; i++) vocab.push([`${UNUSED_PREFIX}${i}`, -1000]);
  vocab.push([SPECIAL.mask, 0]);
  return vocab;
}

export function tokenizerJson(spm: SpmModel, vocabSize?: number): object {
  const vocab = xlmrVocab(spm, vocabSize);
  const maskId = vocab.length - 1;
  const special = (id: string) => ({ SpecialToken: { id, type_id: 0 } });
  const seq = (id: 'A' | 'B') => ({ Sequence: { id, type_id: 0 } });
  const metaspace = { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [
      addedToken(0, SPECIAL.bos),
      addedToken(1, SPECIAL.pad),
      addedToken(2, SPECIAL.eos),
      addedToken(3, SPECIAL.unk),
      addedToken(maskId, SPECIAL.mask),
    ],
    // Precompiled carries SentencePiece's nmt_nfkc charsmap, as XLM-R's does (the Rust library
    // applies the charsmap; @huggingface/tokenizers 0.2 approximates it with NFKC plus SentencePiece's
    // control/space mapping, which agrees on every fixture text). Strip + Replace
    // reproduce SentencePiece's remove_extra_whitespaces (trim, collapse runs of spaces), which
    // the charsmap alone does not do; without them "a  b" would gain an extra "▁" piece.
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'Precompiled', precompiled_charsmap: Buffer.from(spm.precompiledCharsmap).toString('base64') },
        { type: 'Strip', strip_left: true, strip_right: true },
        { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' },
      ],
    },
    pre_tokenizer: metaspace,
    post_processor: {
      type: 'TemplateProcessing',
      single: [special(SPECIAL.bos), seq('A'), special(SPECIAL.eos)],
      pair: [special(SPECIAL.bos), seq('A'), special(SPECIAL.eos), special(SPECIAL.eos), seq('B'), special(SPECIAL.eos)],
      special_tokens: {
        [SPECIAL.bos]: { id: SPECIAL.bos, ids: [0], tokens: [SPECIAL.bos] },
        [SPECIAL.eos]: { id: SPECIAL.eos, ids: [2], tokens: [SPECIAL.eos] },
      },
    },
    decoder: metaspace,
    model: { type: 'Unigram', unk_id: 3, vocab, byte_fallback: false },
  };
}

export function tokenizerConfigJson(maskId: number): object {
  const decoder: Record<string, object> = {};
  for (const [id, content] of [
    [0, SPECIAL.bos],
    [1, SPECIAL.pad],
    [2, SPECIAL.eos],
    [3, SPECIAL.unk],
    [maskId, SPECIAL.mask],
  ] as const) {
    const { id: _id, ...rest } = addedToken(id, content);
    decoder[String(id)] = rest;
  }
  return {
    added_tokens_decoder: decoder,
    bos_token: SPECIAL.bos,
    clean_up_tokenization_spaces: true,
    cls_token: SPECIAL.bos,
    eos_token: SPECIAL.eos,
    mask_token: SPECIAL.mask,
    model_max_length: 512,
    pad_token: SPECIAL.pad,
    sep_token: SPECIAL.eos,
    tokenizer_class: 'XLMRobertaTokenizer',
    unk_token: SPECIAL.unk,
  };
}

export function specialTokensMapJson(): object {
  return {
    bos_token: SPECIAL.bos,
    cls_token: SPECIAL.bos,
    eos_token: SPECIAL.eos,
    mask_token: { content: SPECIAL.mask, lstrip: true, normalized: false, rstrip: false, single_word: false },
    pad_token: SPECIAL.pad,
    sep_token: SPECIAL.eos,
    unk_token: SPECIAL.unk,
  };
}
