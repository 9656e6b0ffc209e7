// `prelabel pause` / `prelabel cancel` from another core (as another terminal would be) on a run
// being scored with the tiny model: refused in one line naming the owner (pid, host, since), the
// run goes on; a run whose owner died is paused, then cancelled, as before.
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  prelabelProject,
  runEnd,
  scoredDocuments,
  setQuestions,
  topicQuestion,
  until,
  type PrelabelProject,
} from '../../core/nli/test-support/prelabel-project';
import { loadFixtures, makeTinyModel, type TinyModel } from '../../core/nli/test-support/tiny-model';
import { useTempDir } from '../../core/test-support/temp-dir';
import { main } from '../cli-main';

const tmp = useTempDir();
let model: TinyModel;
let p: PrelabelProject | null = null;

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...argv, '--data-dir', join(tmp(), 'home')], { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(() => {
  model = makeTinyModel(loadFixtures());
});
afterAll(() => model?.cleanup());
afterEach(async () => {
  await p?.close();
  p = null;
});

describe('prelabel pause / cancel', () => {
  it("are refused in one line naming the process that scores the run; a dead owner's run is paused and cancelled", async () => {
    p = await prelabelProject(tmp(), { modelDir: model.dir });
    p.engine.tuning.maxRows = 4;
    p.engine.client.setTestHooks({ runDelayMs: 300 });
    const question = (await setQuestions(p.t, [topicQuestion()])).questions[0]!;
    const run = await p.t.call('prelabel.start', { questionId: question.id, priorityDocumentIds: [] });
    await until(() => scoredDocuments(p!.t, run.id) >= 1);

    const host = hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const action of ['pause', 'cancel']) {
      const refused = await cli(action, p.projectPath, '--question', 'Topic');
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(
        new RegExp(
          `^prelabel ${action}: This run is being pre-labelled by process ${process.pid} on ${host} since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z; ${action === 'pause' ? 'pause it in that process' : 'pause it in that process first'} \\(a CLI run pauses on Ctrl\\+C or kill -TERM ${process.pid}\\)${action === 'pause' ? '' : ', then cancel it here'}\\.$`,
        ),
      );
    }
    expect(await runEnd(p.t, run.id)).toMatchObject({ status: 'done', done: 50 });

    // What a SIGKILLed owner leaves: its run marked running and its lease (a pid that no longer runs).
    const db = p.t.core.context.project!.db;
    db.prepare("UPDATE prelabel_runs SET status = 'running' WHERE id = ?").run(run.id);
    const dead = { pid: 2 ** 22 + 12345, host: hostname(), token: 'dead', since: '2026-01-01T00:00:00.000Z', heartbeat: Date.now() };
    db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?)').run(`prelabel_lease:${question.id}`, JSON.stringify(dead));
    const paused = await cli('pause', p.projectPath, '--question', 'Topic');
    expect(paused).toMatchObject({ code: 0, out: 'Topic: the run is paused.' });
    expect(await cli('cancel', p.projectPath, '--question', 'Topic')).toMatchObject({ code: 0, out: 'Topic: the run is cancelled.' });
  }, 120_000);
});
