// Which labels a variant scores anew ([Note: reused logits]), and the documents' language by script
// and stopwords ([Note: main language]), on texts of the shared corpora's languages.
import { describe, expect, it } from 'vitest';
import type { CodebookQuestion } from '../../../common/contract';
import { languageCode, textLanguage } from './main-language';
import { planVariant } from './variants';

const label = (id: string, name: string, hypothesis: string | null = null) => ({
  id,
  name,
  code: null,
  description: '',
  includeRules: '',
  excludeRules: '',
  examples: [],
  hypothesis,
  color: null,
  hotkey: null,
  parent: null,
  archived: false,
});
const ID = (n: number) => `123e4567-e89b-42d3-a456-42661417400${n}`;
const question = (longText: 'truncate' | 'windows'): CodebookQuestion => ({
  id: ID(0),
  name: 'Q',
  multiLabel: false,
  template: 'This is {}.',
  ordered: false,
  longText,
  archived: false,
  labels: [label(ID(1), 'a'), label(ID(2), 'bb'), label(ID(3), 'c', 'Own hypothesis c.'), { ...label(ID(4), 'old'), archived: true }],
});
// One token per word: lengths are easy to count.
const tokenizer = { tokenize: (s: string) => s.split(' ').map((w) => w.length) };

describe('planVariant', () => {
  it('a template change rescores the labels that use it, not those with their own hypothesis', () => {
    const p = planVariant(question('truncate'), { template: 'The text is about {}.' }, tokenizer);
    expect(p.rescore).toEqual([0, 1]);
    expect(p.hypotheses.map((h) => h.hypothesis)).toEqual(['The text is about a.', 'The text is about bb.', 'Own hypothesis c.']);
  });

  it('one label changed in truncate mode: only that label, even when it becomes the longest', () => {
    const p = planVariant(question('truncate'), { hypotheses: { [ID(2)]: 'A much longer hypothesis for bb than any.' } }, tokenizer);
    expect(p.rescore).toEqual([1]);
  });

  it('in window mode a change of the longest hypothesis length moves every window: all labels', () => {
    expect(planVariant(question('windows'), { hypotheses: { [ID(2)]: 'Short bb.' } }, tokenizer).rescore).toEqual([1]);
    expect(planVariant(question('windows'), { hypotheses: { [ID(2)]: 'A much longer hypothesis for bb.' } }, tokenizer).rescore).toEqual([
      0, 1, 2,
    ]);
  });

  it('an empty hypothesis goes back to the template; an unchanged wording rescores nothing', () => {
    expect(planVariant(question('truncate'), { hypotheses: { [ID(3)]: '' } }, tokenizer).hypotheses[2]!.hypothesis).toBe('This is c.');
    expect(planVariant(question('truncate'), { template: 'This is {}.' }, tokenizer).rescore).toEqual([]);
  });
});

describe('textLanguage', () => {
  it.each([
    ['en', 'The government said on Monday that it is working with the union on the new law.'],
    ['de', 'Die Regierung hat am Montag gesagt, dass sie mit der Gewerkschaft an dem Gesetz arbeitet und es ist nicht einfach.'],
    ['fr', 'Le gouvernement a dit lundi que la loi est prête pour le vote dans les deux chambres.'],
    ['it', 'Il governo ha detto che la legge non è pronta per il voto della camera.'],
    ['es', 'El gobierno dijo el lunes que la ley está lista para la votación en las dos cámaras y que es muy importante.'],
    ['el', 'Η κυβέρνηση είπε τη Δευτέρα ότι ο νόμος είναι έτοιμος.'],
    ['ar', 'قالت الحكومة يوم الاثنين إن القانون جاهز للتصويت.'],
    ['ru', 'Правительство заявило в понедельник, что закон готов.'],
    ['ja', 'この商品はとても良かったです。また買いたいと思います。'],
    ['zh', '这个产品非常好，我会再买。'],
  ])('%s', (lang, text) => expect(textLanguage(text)).toBe(lang));

  it('a text without letters has none', () => expect(textLanguage('12 34 !!')).toBeNull());

  it('language column values to codes', () => {
    expect(['de', 'de-CH', 'German', 'EN_us', 'xx-yy-zz', 'Klingon'].map(languageCode)).toEqual(['de', 'de', 'de', 'en', null, null]);
  });
});
