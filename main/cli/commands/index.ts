// Every CLI subcommand, by the name typed after `prelabel`.
import type { Command } from '../command';
import { agreementCommand } from './agreement';
import { codebookCommand } from './codebook';
import { evaluateCommand } from './evaluate';
import { evaluateModelCommand } from './evaluate-model';
import { exportCommand } from './export';
import { importCommand } from './import';
import { init } from './init';
import { labelCommand } from './label';
import { modelsCommand } from './models';
import { nliCommand } from './nli';
import { prelabelCommand } from './prelabel';
import { reportCommand } from './report';
import { segmentCommand } from './segment';
import { stats } from './stats';

export const commands: Record<string, Command> = {
  init,
  import: importCommand,
  stats,
  codebook: codebookCommand,
  models: modelsCommand,
  prelabel: prelabelCommand,
  nli: nliCommand,
  'evaluate-model': evaluateModelCommand,
  evaluate: evaluateCommand,
  report: reportCommand,
  agreement: agreementCommand,
  export: exportCommand,
  label: labelCommand,
  segment: segmentCommand,
};
