// Full-text search text and queries. FTS5's unicode61 tokenizer splits words at spaces and
// punctuation, so a run of Chinese, Japanese, Thai, Lao, Khmer or Myanmar text (written without
// spaces) would be one giant token and never found. Those characters are indexed one by one
// (with their combining marks), and a query in those scripts becomes a phrase of characters.

// One character of a script written without spaces, with the marks that combine with it.
const UNSPACED =
  /(\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]\p{M}*)/gu;
const HAS_UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** The text as indexed: unchanged, except that unspaced-script characters stand apart. */
export function searchText(text: string): string {
  return HAS_UNSPACED.test(text) ? text.replace(UNSPACED, ' $1 ') : text;
}

/** Turns what a person typed into an FTS5 query: every word must occur (words match as prefixes,
 * so "regier" finds "Regierung"); unspaced-script text must occur as typed. Quotes and FTS5
 * operators in the input are treated as text. Returns null when nothing searchable remains. */
export function searchQuery(input: string): string | null {
  const terms: string[] = [];
  for (const word of input.trim().split(/\s+/)) {
    const tokens = searchText(word)
      .split(/[^\p{L}\p{N}\p{M}]+/u)
      .filter((t) => t !== '');
    if (tokens.length === 0) continue;
    const phrase = `"${tokens.join(' ')}"`;
    const lastIsSpaced = !HAS_UNSPACED.test(tokens[tokens.length - 1]!);
    terms.push(lastIsSpaced ? `${phrase}*` : phrase);
  }
  return terms.length ? terms.join(' ') : null;
}
