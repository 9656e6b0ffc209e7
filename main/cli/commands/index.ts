// Every CLI subcommand, by the name typed after `prelabel`.
import type { Command } from '../command';
import { agreementCommand } from './agreement';
import { backupCommand } from './backup';
import { codebookCommand } from './codebook';
import { codersCommand } from './coders';
import { deleteCommand } from './delete';
import { disagreementsCommand } from './disagreements';
import { evaluateCommand } from './evaluate';
import { evaluateModelCommand } from './evaluate-model';
import { exportCommand } from './export';
import { importCommand } from './import';
import { init } from './init';
import { labelCommand } from './label';
import { mergeCommand } from './merge';
import { mergeShardsCommand } from './merge-shards';
import { modelsCommand } from './models';
import { nliCommand } from './nli';
import { packageCommand } from './package';
import { prelabelCommand } from './prelabel';
import { reportCommand } from './report';
import { scoreShardCommand } from './score-shard';
import { segmentCommand } from './segment';
import { shardCommand } from './shard';
import { stats } from './stats';
import { trainingCommand } from './training';
import { thresholdsCommand } from './thresholds';
import { checkLabelsCommand } from './check-labels';
import { tryHypothesisCommand } from './try-hypothesis';
import { calibrateCommand } from './calibrate';
import { threadsCommand } from './threads';
import { cancelCommand, pauseCommand } from './run-control';

export const commands: Record<string, Command> = {
  init,
  import: importCommand,
  stats,
  codebook: codebookCommand,
  models: modelsCommand,
  prelabel: prelabelCommand,
  threads: threadsCommand,
  pause: pauseCommand,
  cancel: cancelCommand,
  shard: shardCommand,
  'score-shard': scoreShardCommand,
  'merge-shards': mergeShardsCommand,
  nli: nliCommand,
  'evaluate-model': evaluateModelCommand,
  evaluate: evaluateCommand,
  'try-hypothesis': tryHypothesisCommand,
  report: reportCommand,
  coders: codersCommand,
  agreement: agreementCommand,
  disagreements: disagreementsCommand,
  package: packageCommand,
  merge: mergeCommand,
  training: trainingCommand,
  thresholds: thresholdsCommand,
  'check-labels': checkLabelsCommand,
  calibrate: calibrateCommand,
  export: exportCommand,
  label: labelCommand,
  segment: segmentCommand,
  backup: backupCommand,
  delete: deleteCommand,
};
