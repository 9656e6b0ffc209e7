// Every string the UI shows, by key: the English catalog, put together from one file per screen or
// area in ./en/ (app.ts holds the app shell's and the strings every screen shares). Other languages
// translate this catalog; components never hold text of their own. A message is a string with
// {name} placeholders, or plural forms chosen by the `count` parameter (Intl.PluralRules
// categories; `other` is required).
// [Note: one file per screen] A key's prefix says what it belongs to (`import.`, `browse.`); a
// screen's strings live in its own file so that work on one screen never touches another's, and a
// new string goes into the file of the screen that shows it. Keys stay unique across the files
// (t.test.ts checks it), because a later spread would silently replace an earlier one.
import { adjudicationEn } from './en/adjudication';
import { agreementEn } from './en/agreement';
import { annotateEn } from './en/annotate';
import { appEn } from './en/app';
import { backupsEn } from './en/backups';
import { browseEn } from './en/browse';
import { clusterEn } from './en/cluster-run';
import { codebookEn } from './en/codebook';
import { codersEn } from './en/coders';
import { exportEn } from './en/export';
import { importEn } from './en/import';
import { modelsEn } from './en/models';
import { playgroundEn } from './en/playground';
import { prelabelEn } from './en/prelabel';
import { prelabelReuseEn } from './en/prelabel-reuse';
import { privacyEn } from './en/privacy';
import { projectsEn } from './en/projects';
import { samplesEn } from './en/samples';
import { segmentsEn } from './en/segments';
import { trainingEn } from './en/training';
import { validationEn } from './en/validation';
import { thresholdsEn } from './en/thresholds';
import { calibrationEn } from './en/calibration';
import { tuningEn } from './en/tuning';

/** The catalog's parts, in nav order; t.test.ts checks that no key is in two of them. */
export const enParts = [
  appEn,
  projectsEn,
  backupsEn,
  importEn,
  browseEn,
  codebookEn,
  tuningEn,
  prelabelEn,
  prelabelReuseEn,
  clusterEn,
  annotateEn,
  validationEn,
  thresholdsEn,
  calibrationEn,
  agreementEn,
  adjudicationEn,
  trainingEn,
  codersEn,
  exportEn,
  playgroundEn,
  modelsEn,
  segmentsEn,
  samplesEn,
  privacyEn,
] as const;

export const en = {
  ...appEn,
  ...projectsEn,
  ...backupsEn,
  ...importEn,
  ...browseEn,
  ...codebookEn,
  ...tuningEn,
  ...prelabelEn,
  ...prelabelReuseEn,
  ...clusterEn,
  ...annotateEn,
  ...validationEn,
  ...thresholdsEn,
  ...calibrationEn,
  ...agreementEn,
  ...adjudicationEn,
  ...trainingEn,
  ...codersEn,
  ...exportEn,
  ...playgroundEn,
  ...modelsEn,
  ...segmentsEn,
  ...samplesEn,
  ...privacyEn,
} as const;

export type Catalog = typeof en;
export type MessageKey = keyof Catalog;
