// The evaluation projects of one test file: each made in the test's own temporary folder and shut
// down after its test, before the folder is removed.
import { afterEach } from 'vitest';
import { useTempDir } from '../../test-support/temp-dir';
import { evaluationProject, type EvaluationProject } from './evaluation-project';

/** Call at the top of a test file; the function it returns takes evaluationProject's arguments after the folder. */
export function useEvaluationProjects(): (count: number, seed: number, goldEvery?: number, batches?: number) => Promise<EvaluationProject> {
  const dir = useTempDir();
  let open: EvaluationProject[] = [];
  afterEach(async () => {
    for (const p of open) await p.t.core.shutdown();
    open = [];
  });
  return async (count, seed, goldEvery = 1, batches = 0) => {
    const p = await evaluationProject(dir(), count, seed, goldEvery, batches);
    open.push(p);
    return p;
  };
}
