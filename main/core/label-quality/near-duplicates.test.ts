// Near-identical texts coded differently: planted duplicates (exact after normalisation, one word
// changed, reordered boilerplate) found; identical texts coded alike and unrelated texts not
// listed; every pair at or above the threshold found by brute force over all pairs is found.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../seeded-random';
import { jaccard, nearDuplicatesCodedDifferently, normaliseText, shingles, type QualityDocument } from './near-duplicates';

const WORDS =
  'the council voted on a new budget for schools roads and health care after long debate in parliament today while critics said taxes would rise sharply next year'.split(
    ' ',
  );

function sentence(rnd: () => number, n: number): string {
  return Array.from({ length: n }, () => WORDS[Math.floor(rnd() * WORDS.length)]!).join(' ');
}

describe('near-identical texts coded differently', () => {
  it('normalises case, accents, punctuation and spacing', () => {
    expect(normaliseText('  Café — CRÈME,\tbrûlée!! ')).toBe('cafe creme brulee');
    expect(normaliseText('Ｆｕｌｌ　width')).toBe('full width');
  });

  it('finds planted pairs and only those', () => {
    const rnd = mulberry32(3);
    const base = sentence(rnd, 40);
    const words = base.split(' ');
    const oneWord = [...words.slice(0, 20), 'zebra', ...words.slice(21)].join(' ');
    const docs: QualityDocument[] = [
      { id: 1, text: base, labelIds: ['a'] },
      { id: 2, text: base.toUpperCase().replace(/ /g, ',  '), labelIds: ['b'] }, // exact after normalisation
      { id: 3, text: oneWord, labelIds: ['b'] }, // one word changed, same label as 2
      { id: 4, text: base, labelIds: ['a'] }, // identical, coded alike with 1
      { id: 5, text: sentence(rnd, 40), labelIds: ['c'] }, // unrelated
      { id: 6, text: 'Short text', labelIds: ['a'] },
      { id: 7, text: 'short TEXT.', labelIds: ['a', 'b'] }, // a label set that differs
    ];
    const pairs = nearDuplicatesCodedDifferently(docs);
    const key = (p: { a: number; b: number }) => `${p.a}-${p.b}`;
    expect(pairs.map(key).sort()).toEqual(['1-2', '1-3', '2-4', '3-4', '6-7']);
    expect(pairs.find((p) => key(p) === '1-2')).toMatchObject({ exact: true, similarity: 1 });
    const near = pairs.find((p) => key(p) === '1-3')!;
    expect(near.exact).toBe(false);
    expect(near.similarity).toBe(jaccard(shingles(normaliseText(base)), shingles(normaliseText(oneWord))));
    expect(near.similarity).toBeGreaterThan(0.8);
    expect(near.similarity).toBeLessThan(1);
  });

  it('finds every pair that brute force over all pairs finds at Jaccard 0.8 or more (seeded corpus of edited copies)', () => {
    const rnd = mulberry32(17);
    const docs: QualityDocument[] = [];
    for (let i = 0; i < 300; i++) {
      if (i > 0 && rnd() < 0.4) {
        const src = docs[Math.floor(rnd() * docs.length)]!.text.split(' ');
        const edits = Math.floor(rnd() * 4);
        for (let e = 0; e < edits; e++) src[Math.floor(rnd() * src.length)] = WORDS[Math.floor(rnd() * WORDS.length)]!;
        docs.push({ id: i + 1, text: src.join(' '), labelIds: [rnd() < 0.5 ? 'x' : 'y'] });
      } else docs.push({ id: i + 1, text: sentence(rnd, 30 + Math.floor(rnd() * 30)), labelIds: [rnd() < 0.5 ? 'x' : 'y'] });
    }
    const sets = docs.map((d) => shingles(normaliseText(d.text)));
    const expected: string[] = [];
    for (let i = 0; i < docs.length; i++)
      for (let j = i + 1; j < docs.length; j++)
        if (docs[i]!.labelIds[0] !== docs[j]!.labelIds[0] && jaccard(sets[i]!, sets[j]!) >= 0.8)
          expected.push(`${docs[i]!.id}-${docs[j]!.id}`);
    expect(expected.length).toBeGreaterThan(20);
    const found = nearDuplicatesCodedDifferently(docs).map((p) => `${p.a}-${p.b}`);
    expect(found.sort()).toEqual(expected.sort());
  });
});
