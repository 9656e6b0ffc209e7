// Assembles the core: its context and every contract handler behind one dispatcher.
import { mkdirSync } from 'node:fs';
import { CoreContext, type CoreConfig, type Emit } from './core-context';
import { createDispatcher, type Dispatch } from './api/dispatcher';
import { projectHandlers } from './api/projects-handlers';
import { importHandlers } from './api/imports-handlers';
import { documentHandlers } from './api/document-handlers';
import { prelabelHandlers } from './api/prelabel-handlers';
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

export interface Core {
  dispatch: Dispatch;
  context: CoreContext;
  shutdown(): Promise<void>;
}

export function createCore(config: CoreConfig, emit: Emit): Core {
  for (const dir of [config.dataDir, config.projectsDir, config.uploadsDir]) mkdirSync(dir, { recursive: true });
  const ctx = new CoreContext(config, emit, (core) => new NliEngine(core));
  const dispatch = createDispatcher({
    ...projectHandlers(ctx),
    ...importHandlers(ctx),
    ...documentHandlers(ctx),
    ...prelabelHandlers(ctx),
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
  });
  return {
    dispatch,
    context: ctx,
    async shutdown() {
      await ctx.jobs.stopAll();
      await ctx.engine.close();
      ctx.project?.close();
      ctx.project = null;
    },
  };
}
