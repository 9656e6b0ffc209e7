// The languages offered for the sentence rules: the common languages of social-science text,
// named in the UI's language and sorted by that name. [Note: no list of languages in Intl]
// Intl.supportedValuesOf lists calendars, currencies, time zones and units, but no languages, and
// Intl.Segmenter.supportedLocalesOf answers yes for any tag it can fall back from; so the list is
// ours, and a tag not in it can still come from a document's language column (segments.ts).
export const COMMON_LANGUAGES: readonly string[] = (
  'ar bg bn ca cs da de el en es et eu fa fi fr ga gl he hi hr hu hy id is it ja ka ko lt lv mk ms mt nb nl pl pt ro ru sk sl sq ' +
  'sr sv sw ta th tl tr uk ur vi zh'
).split(' ');

export interface LanguageOption {
  tag: string;
  name: string;
}

/** Every common language with its name in `locale` ("German", "Greek"), sorted by name. */
export function languageOptions(locale: string): LanguageOption[] {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([locale], { type: 'language' });
  } catch {
    // A runtime without display names shows the tags.
  }
  const collator = new Intl.Collator(locale);
  return COMMON_LANGUAGES.map((tag) => ({ tag, name: names?.of(tag) ?? tag })).sort((a, b) => collator.compare(a.name, b.name));
}
