// Assembles the core: its context and every contract handler behind one dispatcher.
import { mkdirSync } from 'node:fs';
import { CoreContext, type CoreConfig, type Emit } from './core-context';
import { createDispatcher, type Dispatch } from './api/dispatcher';
import { projectHandlers } from './api/projects-handlers';
import { importHandlers } from './api/imports-handlers';
import { documentHandlers } from './api/document-handlers';
import { prelabelHandlers } from './api/prelabel-handlers';
import { threadsHandlers } from './api/threads-handlers';
import { shardsHandlers } from './api/shards-handlers';
import { codebookHandlers } from './api/codebook-handlers';
import { modelsHandlers } from './api/models-handlers';
import { exportHandlers } from './api/export-handlers';
import { codingHandlers } from './api/coding-handlers';
import { jobHandlers } from './api/jobs-handlers';
import { segmentsHandlers } from './api/segments-handlers';
import { evaluationHandlers } from './api/evaluation-handlers';
import { adjudicationHandlers } from './api/adjudication-handlers';
import { agreementHandlers } from './api/agreement-handlers';
import { trainingHandlers } from './training/training-handlers';
import { mergeHandlers } from './merge/merge-handlers';
import { NliEngine } from './nli/nli-engine';
import { privacyHandlers } from './api/privacy-handlers';
import { BackupScheduler } from './backup/backup-scheduler';
import { backupsHandlers } from './backup/backups-handlers';
import { tuningHandlers } from './tuning/tuning-handlers';
import { thresholdsHandlers } from './api/thresholds-handlers';
import { calibrationHandlers } from './calibration/calibration-handlers';

export interface Core {
  dispatch: Dispatch;
  context: CoreContext;
  shutdown(): Promise<void>;
}

export function createCore(config: CoreConfig, emit: Emit): Core {
  // Created readable by the owner only ([Note: owner-only files]); an existing folder keeps its mode.
  for (const dir of [config.dataDir, config.projectsDir, config.uploadsDir]) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const backups = new BackupScheduler(() => ctx.project);
  const ctx: CoreContext = new CoreContext(config, backups.watch(emit), (core) => new NliEngine(core));
  const dispatch = backups.wrap(
    createDispatcher({
      ...projectHandlers(ctx),
      ...importHandlers(ctx),
      ...documentHandlers(ctx),
      ...prelabelHandlers(ctx),
      ...threadsHandlers(ctx),
      ...shardsHandlers(ctx),
      ...codebookHandlers(ctx),
      ...modelsHandlers(ctx),
      ...exportHandlers(ctx),
      ...codingHandlers(ctx),
      ...jobHandlers(ctx),
      ...segmentsHandlers(ctx),
      ...evaluationHandlers(ctx),
      ...agreementHandlers(ctx),
      ...trainingHandlers(ctx),
      ...mergeHandlers(ctx),
      ...adjudicationHandlers(ctx),
      ...privacyHandlers(ctx),
      ...backupsHandlers(ctx, backups),
      ...tuningHandlers(ctx),
      ...thresholdsHandlers(ctx),
      ...calibrationHandlers(ctx),
    }),
  );
  return {
    dispatch,
    context: ctx,
    async shutdown() {
      await ctx.jobs.stopAll();
      await backups.idle();
      await ctx.engine.close();
      ctx.project?.close();
      ctx.project = null;
    },
  };
}
