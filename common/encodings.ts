// The text encodings Prelabel reads, by canonical name (the WHATWG Encoding Standard's name where it
// has the encoding, else the name browsers and iconv know), with a label and a script/region group
// for menus, and the one place where a name a person writes (cp1251, sjis, latin1, "UTF8") becomes
// a canonical one: the CLI's --encoding and the renderer both normalise here.

export const encodingGroups = [
  'unicode',
  'western',
  'central',
  'southern',
  'baltic',
  'cyrillic',
  'greek',
  'turkish',
  'hebrew',
  'arabic',
  'vietnamese',
  'thai',
  'chineseSimplified',
  'chineseTraditional',
  'japanese',
  'korean',
] as const;
export type EncodingGroup = (typeof encodingGroups)[number];

interface EncodingEntry {
  label: string;
  group: EncodingGroup;
  /** Other names for it; matched without case and without anything but letters and digits. */
  aliases: string[];
}

// [Note: WHATWG labels] Where the Encoding Standard makes a label a name of another encoding, so do
// we: latin1 and iso-8859-1 are Windows-1252 (its superset, and what every browser reads them as),
// iso-8859-9 is Windows-1254, iso-8859-11 and tis-620 are Windows-874, gb2312 is GBK, utf-16 is
// UTF-16 LE. A file in the ISO encoding reads the same through the Windows one.
const TABLE = {
  'utf-8': {
    label: 'UTF-8',
    group: 'unicode',
    aliases: ['utf8', 'unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'x-unicode20utf8', 'ascii', 'us-ascii'],
  },
  'utf-16le': {
    label: 'UTF-16 LE',
    group: 'unicode',
    aliases: ['utf-16', 'ucs-2', 'unicode', 'csunicode', 'unicodefeff', 'iso-10646-ucs-2'],
  },
  'utf-16be': { label: 'UTF-16 BE', group: 'unicode', aliases: ['unicodefffe'] },
  'utf-32le': { label: 'UTF-32 LE', group: 'unicode', aliases: ['utf-32', 'ucs-4'] },
  'utf-32be': { label: 'UTF-32 BE', group: 'unicode', aliases: [] },
  'windows-1252': {
    label: 'Windows-1252',
    group: 'western',
    aliases: [
      'ansi',
      'latin1',
      'latin-1',
      'l1',
      'iso-8859-1',
      'iso-ir-100',
      'csisolatin1',
      'cp819',
      'ibm819',
      'ansi_x3.4-1968',
      'iso_8859-1:1987',
    ],
  },
  'iso-8859-15': { label: 'ISO-8859-15 (Latin-9)', group: 'western', aliases: ['latin9', 'latin-9', 'l9', 'csisolatin9'] },
  macintosh: { label: 'Mac OS Roman', group: 'western', aliases: ['mac', 'macroman', 'mac-roman', 'x-mac-roman', 'csmacintosh'] },
  'x-mac-iceland': { label: 'Mac Icelandic', group: 'western', aliases: ['maciceland', 'mac-iceland'] },
  'iso-8859-14': { label: 'ISO-8859-14 (Celtic)', group: 'western', aliases: ['latin8', 'l8', 'iso-celtic', 'iso-ir-199'] },
  'windows-1250': { label: 'Windows-1250', group: 'central', aliases: [] },
  'iso-8859-2': { label: 'ISO-8859-2 (Latin-2)', group: 'central', aliases: ['latin2', 'latin-2', 'l2', 'csisolatin2', 'iso-ir-101'] },
  'x-mac-ce': { label: 'Mac Central European', group: 'central', aliases: ['maclatin2', 'mac-latin2', 'maccentraleurope', 'maccenteuro'] },
  'iso-8859-16': { label: 'ISO-8859-16 (Latin-10)', group: 'central', aliases: ['latin10', 'l10', 'iso-ir-226'] },
  'iso-8859-3': { label: 'ISO-8859-3 (Latin-3)', group: 'southern', aliases: ['latin3', 'l3', 'csisolatin3', 'iso-ir-109'] },
  'windows-1257': { label: 'Windows-1257', group: 'baltic', aliases: [] },
  'iso-8859-13': { label: 'ISO-8859-13 (Latin-7)', group: 'baltic', aliases: ['latin7', 'l7'] },
  'iso-8859-4': { label: 'ISO-8859-4 (Latin-4)', group: 'baltic', aliases: ['latin4', 'l4', 'csisolatin4', 'iso-ir-110'] },
  'iso-8859-10': { label: 'ISO-8859-10 (Nordic)', group: 'baltic', aliases: ['latin6', 'l6', 'csisolatin6', 'iso-ir-157'] },
  'windows-1251': { label: 'Windows-1251', group: 'cyrillic', aliases: [] },
  'koi8-r': { label: 'KOI8-R', group: 'cyrillic', aliases: ['koi', 'koi8', 'cskoi8r'] },
  'koi8-u': { label: 'KOI8-U', group: 'cyrillic', aliases: ['koi8-ru'] },
  'iso-8859-5': { label: 'ISO-8859-5', group: 'cyrillic', aliases: ['cyrillic', 'csisolatincyrillic', 'iso-ir-144'] },
  ibm866: { label: 'DOS 866', group: 'cyrillic', aliases: ['cp866', '866', 'csibm866', 'dos-866'] },
  'x-mac-cyrillic': { label: 'Mac Cyrillic', group: 'cyrillic', aliases: ['maccyrillic', 'mac-cyrillic', 'x-mac-ukrainian'] },
  'windows-1253': { label: 'Windows-1253', group: 'greek', aliases: [] },
  'iso-8859-7': {
    label: 'ISO-8859-7',
    group: 'greek',
    aliases: ['greek', 'greek8', 'elot_928', 'ecma-118', 'csisolatingreek', 'iso-ir-126', 'sun_eu_greek'],
  },
  'x-mac-greek': { label: 'Mac Greek', group: 'greek', aliases: ['macgreek', 'mac-greek'] },
  'windows-1254': { label: 'Windows-1254', group: 'turkish', aliases: ['iso-8859-9', 'latin5', 'l5', 'csisolatin5', 'iso-ir-148'] },
  'x-mac-turkish': { label: 'Mac Turkish', group: 'turkish', aliases: ['macturkish', 'mac-turkish'] },
  'windows-1255': { label: 'Windows-1255', group: 'hebrew', aliases: [] },
  'iso-8859-8': {
    label: 'ISO-8859-8',
    group: 'hebrew',
    aliases: ['hebrew', 'iso-8859-8-i', 'iso-8859-8-e', 'csisolatinhebrew', 'iso-ir-138', 'visual', 'logical'],
  },
  'windows-1256': { label: 'Windows-1256', group: 'arabic', aliases: [] },
  'iso-8859-6': {
    label: 'ISO-8859-6',
    group: 'arabic',
    aliases: ['arabic', 'iso-8859-6-i', 'iso-8859-6-e', 'asmo-708', 'ecma-114', 'csisolatinarabic', 'iso-ir-127'],
  },
  'windows-1258': { label: 'Windows-1258', group: 'vietnamese', aliases: [] },
  'windows-874': { label: 'Windows-874 (TIS-620)', group: 'thai', aliases: ['tis-620', 'tis620', 'iso-8859-11', 'dos-874', 'cp874'] },
  gb18030: { label: 'GB18030', group: 'chineseSimplified', aliases: ['gb-18030'] },
  gbk: {
    label: 'GBK (GB2312)',
    group: 'chineseSimplified',
    aliases: ['gb2312', 'gb_2312', 'gb_2312-80', 'x-gbk', 'cp936', 'ms936', 'windows-936', 'chinese', 'csgb2312', 'iso-ir-58'],
  },
  big5: { label: 'Big5', group: 'chineseTraditional', aliases: ['big5-hkscs', 'cn-big5', 'csbig5', 'x-x-big5', 'cp950', 'big5hkscs'] },
  shift_jis: {
    label: 'Shift_JIS',
    group: 'japanese',
    aliases: ['sjis', 'shift-jis', 'shiftjis', 'x-sjis', 'ms_kanji', 'ms-kanji', 'csshiftjis', 'cp932', 'ms932', 'windows-31j'],
  },
  'euc-jp': { label: 'EUC-JP', group: 'japanese', aliases: ['eucjp', 'x-euc-jp', 'ujis', 'cseucpkdfmtjapanese'] },
  'iso-2022-jp': { label: 'ISO-2022-JP (JIS)', group: 'japanese', aliases: ['jis', 'csiso2022jp'] },
  'euc-kr': {
    label: 'EUC-KR (CP949)',
    group: 'korean',
    aliases: [
      'cp949',
      'uhc',
      'windows-949',
      'ks_c_5601-1987',
      'ks_c_5601-1989',
      'ksc5601',
      'ksc_5601',
      'korean',
      'cseuckr',
      'csksc56011987',
      'iso-ir-149',
    ],
  },
} as const satisfies Record<string, EncodingEntry>;

export type TextEncoding = keyof typeof TABLE;
/** Every encoding Prelabel reads, in menu order (by group). */
export const textEncodings = Object.keys(TABLE) as [TextEncoding, ...TextEncoding[]];

/** "Windows-1251", "Shift_JIS". */
export function encodingLabel(encoding: TextEncoding): string {
  return TABLE[encoding].label;
}

export function encodingGroup(encoding: TextEncoding): EncodingGroup {
  return TABLE[encoding].group;
}

/** What names are compared by: "Windows_1251", "win1251" and "WIN-1251" are one key. */
const key = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

const BY_KEY = new Map<string, TextEncoding>();
for (const name of textEncodings) {
  const entry: EncodingEntry = TABLE[name];
  const names: string[] = [name, ...entry.aliases];
  // Every Windows code page is also cpNNNN, winNNNN, x-cpNNNN and msNNNN.
  const page = /^windows-(\d+)$/.exec(name)?.[1];
  if (page) names.push(`cp${page}`, `win${page}`, `x-cp${page}`, `ms${page}`, `cswindows${page}`);
  for (const n of names) BY_KEY.set(key(n), name);
}

/** The canonical name for `name` (any case, aliases included), or null for a name not known. */
export function normalizeEncoding(name: string): TextEncoding | null {
  return BY_KEY.get(key(name.trim())) ?? null;
}

/** For a message naming what is known: the canonical names, and a few of the aliases. */
export function knownEncodingsText(): string {
  return `${textEncodings.join(', ')} (aliases such as cp1251, win-1251, sjis, gbk, gb2312, latin1, koi8r and utf8 work too)`;
}
