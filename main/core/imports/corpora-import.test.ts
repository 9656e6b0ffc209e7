// Imports every data file of the shared corpora (../shared/data/INDEX.md) with the default
// detection and only the column choices, and checks each row count against INDEX.md.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportDecisions, ImportMapping, ImportOptions } from '../../../common/contract';
import { corpusFile } from '../test-support/corpora';
import { useTempDir } from '../test-support/temp-dir';
import { ProjectStore } from '../store/project-store';
import { runImport } from './import-job';
import { importDecisions, importMapping } from '../../../common/contract';

interface Case {
  file: string;
  rows: number;
  text: (string | number)[];
  id?: string | number;
  gold?: string | number;
  /** Flags beyond the column choices, each with the reason it is needed. */
  options?: ImportOptions;
  decisions?: Partial<ImportDecisions>;
  why?: string;
}

const xnli = ['ar', 'de', 'en', 'es', 'fr', 'hi', 'ru', 'sw', 'tr', 'zh'].map((l): Case => ({
  file: `xnli_dev/dev-${l}.tsv`,
  rows: 2490,
  text: [1, 2],
  gold: 3,
}));
const marc = ['de', 'en', 'es', 'fr', 'ja', 'zh'].map((l): Case => ({
  file: `marc_amazon_reviews/test-${l}.csv`,
  rows: 5000,
  text: [2],
  id: 1,
  gold: 3,
}));
const manifestos = [
  ['51110_201505', 2379],
  ['51210_201505', 325],
  ['51320_201505', 1067],
  ['51340_201505', 426],
  ['51421_199705', 972],
  ['51421_201505', 2038],
  ['51620_201505', 1870],
  ['51621_201505', 475],
  ['51901_201505', 932],
  ['51902_199705', 824],
  ['51902_200106', 868],
  ['51902_201505', 974],
  ['51903_201505', 245],
  ['51951_201505', 1524],
].map(([name, rows]): Case => ({
  file: `manifesto_uk_cmp/manifestos/${name}.csv`,
  rows: rows as number,
  text: ['text'],
  gold: 'cmp_code',
}));
const licht = 'polsci_text_coding_licht';

const CASES: Case[] = [
  ...xnli,
  { file: 'xnli_de_test/test.tsv', rows: 5010, text: [1, 2], gold: 3 },
  { file: 'ag_news/test.csv', rows: 7600, text: [2, 3], gold: 1 },
  ...marc,
  { file: 'bbc_news/BBC News Train.csv', rows: 1490, text: ['Text'], gold: 'Category' },
  { file: 'xglue_nc_de/dev.tsv', rows: 1000, text: [1, 2], gold: 3 },
  ...manifestos,
  { file: 'manifesto_uk_cmp/manifestos/51320_200106.csv', rows: 1786, text: ['content'], gold: 'cmp_code' },
  { file: 'manifesto_uk_cmp/manifesto_codes.csv', rows: 57, text: [2, 3], id: 1 },
  { file: 'manifesto_uk_cmp/hand_annotated_motions_sub.csv', rows: 60, text: [3], gold: 4 },
  { file: `${licht}/benoit_crowdsourced_2016/benoit_crowdsourced_2016-subsidies_stance.csv`, rows: 2553, text: ['text'], gold: 'label' },
  {
    file: `${licht}/benoit_crowdsourced_2016/benoit_crowdsourced_2016-social_policy_stance.csv`,
    rows: 2003,
    text: ['text'],
    gold: 'label',
  },
  {
    file: `${licht}/benoit_crowdsourced_2016/benoit_crowdsourced_2016-immigration_policy_stance.csv`,
    rows: 224,
    text: ['text'],
    gold: 'label',
  },
  { file: `${licht}/gilardi_chatgpt_2023/gilardi_chatgpt_2023-section230_stance.csv`, rows: 780, text: ['text'], gold: 'label' },
  { file: `${licht}/gilardi_chatgpt_2023/gilardi_chatgpt_2023-content_moderation_frame.csv`, rows: 1156, text: ['text'], gold: 'label' },
  { file: `${licht}/theocharis_dynamics_2020/theocharis_dynamics_2020-tweets_incivility.csv`, rows: 3997, text: ['text'], gold: 'label' },
  { file: `${licht}/dai_when_2022/dai_when_2022-campaignspeech_populism.csv`, rows: 587, text: ['text'], gold: 'label' },
  { file: `${licht}/barbera_automated_2021/barbera_automated_2021-econ_news_sentiment.tsv`, rows: 420, text: ['text'], gold: 'label' },
  {
    file: `${licht}/bestvater_sentiment_2023/bestvater_sentiment_2023-kavanaugh_tweets_stance.tsv`,
    rows: 1349,
    text: ['text'],
    gold: 'label',
  },
  {
    file: `${licht}/petkevic_political_2022/petkevic_political_2022-campaigntweets_negative_tones.csv`,
    rows: 1014,
    text: ['text'],
    gold: 'label',
  },
  {
    file: 'politicians_tweets_sentiment_en_es_el/en_combined.csv',
    rows: 1000,
    text: ['full_text'],
    id: 'id',
    gold: 'label',
    decisions: { duplicate_id: 'rownumber' },
    why: 'the combined file holds a tweet once per annotator, so tweet ids repeat: row numbers become the ids',
  },
  {
    file: 'politicians_tweets_sentiment_en_es_el/es_combined.csv',
    rows: 1000,
    text: ['full_text'],
    id: 'id',
    gold: 'label',
    decisions: { duplicate_id: 'rownumber' },
    why: 'Excel turned the tweet ids into 1.4e+18, so they repeat: row numbers become the ids',
  },
  {
    file: 'politicians_tweets_sentiment_en_es_el/gr_combined.csv',
    rows: 1000,
    text: ['full_text'],
    id: 'id',
    gold: 'label',
    decisions: { duplicate_id: 'rownumber' },
    why: 'the combined file holds a tweet once per annotator, so tweet ids repeat: row numbers become the ids',
  },
  { file: 'xstance/valid.jsonl', rows: 3926, text: ['comment'], id: 'id', gold: 'label' },
  ...['de', 'en', 'fr', 'it'].map((l): Case => ({
    file: `xstance/questions.${l}.jsonl`,
    rows: 194,
    text: ['text'],
    id: 'id',
    gold: 'topic',
  })),
  {
    file: 'catalonia_independence/spanish_test.csv',
    rows: 2016,
    text: ['TWEET'],
    id: 'id_str',
    gold: 'LABEL',
    decisions: { duplicate_id: 'rownumber' },
    why: 'some ids were mangled into scientific notation and repeat',
  },
  {
    file: 'catalonia_independence/catalan_test.csv',
    rows: 2010,
    text: ['TWEET'],
    id: 'id_str',
    gold: 'LABEL',
    decisions: { duplicate_id: 'rownumber' },
    why: 'some ids were mangled into scientific notation and repeat',
  },
  { file: 'multilingual_stance_fr_it/lepen_fr.csv', rows: 586, text: ['Tweet'], id: 'id', gold: 'Stance' },
  { file: 'multilingual_stance_fr_it/macron_fr.csv', rows: 530, text: ['Tweet'], id: 'id', gold: 'Stance' },
  { file: 'multilingual_stance_fr_it/referendum_it.csv', rows: 833, text: ['Tweet'], id: 'id', gold: 'Stance' },
  { file: 'semeval2016_stance/test.csv', rows: 1956, text: ['Tweet'], gold: 'Stance' },
  { file: 'semeval2016_stance/test_bkp.csv', rows: 1956, text: ['Tweet'], gold: 'Stance' },
  { file: 'germeval2018_offensive/test.tsv', rows: 3532, text: [1], gold: 2 },
  { file: 'germeval2021_toxic/test.csv', rows: 944, text: ['comment_text'], id: 'comment_id', gold: 'Sub1_Toxic' },
  { file: 'germeval2017_db_sentiment/test.tsv', rows: 2566, text: [2], id: 1, gold: 4 },
  { file: 'cimt_argument_mining_de/test.tsv', rows: 3571, text: [2], id: 3, gold: 1 },
  // The `id` column numbers debates, not speeches (it repeats), so no id column is chosen.
  { file: 'handeset_uk_parliament/HanDeSeT.csv', rows: 1251, text: ['utt1', 'utt2', 'utt3', 'utt4', 'utt5'], gold: 'manual speech' },
  { file: 'political_social_media_bias/political_social_media.csv', rows: 5000, text: ['text'], gold: 'bias' },
  { file: 'covid_tweets_sentiment/Corona_NLP_test.csv', rows: 3798, text: ['OriginalTweet'], gold: 'Sentiment' },
  { file: 'covid_tweets_sentiment/corona_NLP_train.xlsx', rows: 11998, text: ['OriginalTweet'], gold: 'Sentiment' },
  { file: 'ajgt_arabic_xlsx/AJGT.xlsx', rows: 1800, text: ['Feed'], id: 'ID', gold: 'Sentiment' },
  { file: 'sms_spam_nonutf8/spam.csv', rows: 5572, text: ['Message'], gold: 'Response' },
];

const tmp = useTempDir();

describe('every corpus file imports with the default detection', () => {
  it.each(CASES.map((c) => [c.file, c] as const))('%s', async (_name, c) => {
    const store = ProjectStore.create(join(tmp(), 'p.prelabel'), 'p');
    try {
      const file = corpusFile(...c.file.split('/'));
      const mapping: ImportMapping = importMapping.parse({ textColumns: c.text, idColumn: c.id ?? null, goldColumn: c.gold ?? null });
      const result = await runImport({
        db: store.db,
        file: { path: file, name: c.file.split('/').pop()! },
        options: c.options ?? {},
        mapping,
        decisions: importDecisions.parse(c.decisions ?? {}),
        signal: new AbortController().signal,
        onProgress: () => {},
      });
      // Every row is read; the only rows not stored are those without text (a few manifesto headings).
      expect(result.imported + result.skipped).toBe(c.rows);
      expect(store.documentCount()).toBe(result.imported);
      const problems = store.imports()[0]!.problems;
      expect(problems.find((p) => p.code === 'empty_text')?.count ?? 0).toBe(result.skipped);
      expect(result.skipped, 'rows skipped for an empty text').toBeLessThan(c.rows * 0.01 + 1);
      const goldless = store.db.prepare('SELECT count(*) FROM documents WHERE gold_label IS NULL').pluck().get();
      if (c.gold !== undefined) expect(goldless, 'documents without a gold label').toBeLessThan(c.rows * 0.02 + 1);
    } finally {
      store.close();
    }
  });
});

describe('what the messy corpus files must show', () => {
  it('reports the 155,323-character field of the Gilardi content-moderation file as suspicious', async () => {
    const store = ProjectStore.create(join(tmp(), 'g.prelabel'), 'g');
    try {
      await runImport({
        db: store.db,
        file: { path: corpusFile(licht, 'gilardi_chatgpt_2023', 'gilardi_chatgpt_2023-content_moderation_frame.csv'), name: 'gilardi.csv' },
        options: {},
        mapping: importMapping.parse({ textColumns: ['text'] }),
        decisions: importDecisions.parse({}),
        signal: new AbortController().signal,
        onProgress: () => {},
      });
      const long = store.imports()[0]!.problems.find((p) => p.code === 'long_field');
      expect(long?.count).toBe(1);
      expect(long?.examples[0]?.message).toMatch(/suspiciously long \(155,323 characters/);
    } finally {
      store.close();
    }
  });
});
