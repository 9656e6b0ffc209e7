// tuning.suggest: a few wordings worth trying. [Note: suggested wordings] For the whole question:
// templates that are known to work for NLI zero-shot classification (the Hugging Face pipeline's
// default "This example is {}.", the topic forms of Yin et al. 2019 "This text is about {}." and
// "The topic is {}.", the stance form "The author of this text is {}." used in political-science
// NLI work, e.g. Laurer et al. 2024), and the template translated into the documents' main language
// (main-language.ts) from a small built-in table. For one label: its name and its description put
// into those forms. Suggestions equal to the current wording are left out.
import type { CodebookLabel, CodebookQuestion, TuningSuggestion, TuningSuggestions } from '../../../common/contract';
import { hypothesisFor, scoredLabels } from '../codebook/hypotheses';
import { PrelabelError } from '../../../common/contract';
import type { Db } from '../store/project-db';
import { mainLanguage } from './main-language';

export const KNOWN_TEMPLATES: Array<{ template: string; why: string }> = [
  { template: 'This text is about {}.', why: 'Topic template' },
  { template: 'The author of this text is {}.', why: 'Stance template (the author’s position)' },
  { template: 'This example is {}.', why: 'The zero-shot pipeline’s default template' },
  { template: 'The topic is {}.', why: 'Short topic template' },
  { template: 'This text is {}.', why: 'Plain attribute template' },
];

/** "This text is about {}." and "The author of this text is {}." in the languages of the shared corpora. */
export const TRANSLATED: Record<string, { name: string; about: string; author?: string }> = {
  de: { name: 'German', about: 'Dieser Text handelt von {}.', author: 'Der Autor dieses Textes ist {}.' },
  fr: { name: 'French', about: 'Ce texte parle de {}.', author: "L'auteur de ce texte est {}." },
  it: { name: 'Italian', about: 'Questo testo parla di {}.', author: "L'autore di questo testo è {}." },
  es: { name: 'Spanish', about: 'Este texto trata sobre {}.', author: 'El autor de este texto está {}.' },
  ca: { name: 'Catalan', about: 'Aquest text tracta de {}.', author: "L'autor d'aquest text està {}." },
  el: { name: 'Greek', about: 'Αυτό το κείμενο αφορά {}.' },
  ar: { name: 'Arabic', about: 'هذا النص يتحدث عن {}.' },
  ru: { name: 'Russian', about: 'Этот текст о {}.' },
  tr: { name: 'Turkish', about: 'Bu metin {} hakkında.' },
  hi: { name: 'Hindi', about: 'यह पाठ {} के बारे में है।' },
  sw: { name: 'Swahili', about: 'Maandishi haya yanahusu {}.' },
  zh: { name: 'Chinese', about: '这段文字是关于{}的。' },
  ja: { name: 'Japanese', about: 'この文章は{}についてです。' },
};

/** A description's first sentence, short enough for a hypothesis, with its first letter lowered. */
function descriptionPhrase(label: CodebookLabel): string | null {
  const first = label.description
    .trim()
    .split(/(?<=[.!?])\s/)[0]
    ?.replace(/[.!?]+$/, '')
    .trim();
  if (!first || first.length > 120) return null;
  return first[0]!.toLowerCase() + first.slice(1);
}

export function suggestWordings(db: Db, question: CodebookQuestion, labelId?: string): TuningSuggestions {
  const labels = scoredLabels(question);
  const { language, source } = mainLanguage(db);
  const translated = language && language !== 'en' ? TRANSLATED[language] : undefined;
  const out: TuningSuggestion[] = [];
  const seen = new Set<string>();
  if (labelId === undefined) {
    const first = labels[0];
    const add = (template: string, why: string) => {
      if (template === question.template || seen.has(template)) return;
      seen.add(template);
      out.push({
        why,
        variant: { name: why, template },
        example: first ? hypothesisFor({ template }, { ...first, hypothesis: null }) : template,
      });
    };
    if (translated) {
      add(translated.about, `${translated.name} topic template (the documents’ main language)`);
      if (translated.author) add(translated.author, `${translated.name} stance template`);
    }
    for (const k of KNOWN_TEMPLATES) add(k.template, k.why);
    return { questionId: question.id, language, languageSource: source, suggestions: out };
  }
  const label = labels.find((l) => l.id === labelId);
  if (!label) throw new PrelabelError('NOT_FOUND', `This label is not one of the scored labels of "${question.name}".`);
  const current = hypothesisFor(question, label);
  const add = (hypothesis: string, why: string) => {
    if (hypothesis === current || seen.has(hypothesis)) return;
    seen.add(hypothesis);
    out.push({ why, variant: { name: `${label.name}: ${why}`, hypotheses: { [label.id]: hypothesis } }, example: hypothesis });
  };
  const phrase = descriptionPhrase(label);
  if (phrase) add(`This text is about ${phrase}.`, 'from the description');
  if (translated) add(translated.about.replace('{}', label.name), `${translated.name} topic form`);
  for (const k of KNOWN_TEMPLATES) add(k.template.replace('{}', label.name), k.why);
  return { questionId: question.id, language, languageSource: source, suggestions: out };
}
