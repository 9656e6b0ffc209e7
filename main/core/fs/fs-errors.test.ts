import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../api/dispatcher';
import { useTempDir } from '../test-support/temp-dir';
import { fsErrorToPrelabel } from './fs-errors';

const tmp = useTempDir();

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('did not throw');
}

describe('file system errors as one line', () => {
  it('names the path, shortened, and the problem', () => {
    const long = join(tmp(), 'x'.repeat(300_000));
    const err = fsErrorToPrelabel(thrown(() => openSync(long, 'w')));
    expect(err?.code).toBe('INVALID_INPUT');
    expect(err?.message).toMatch(
      /^Cannot use \/.{50,70}…x{60} \(\d{6} characters\): the name is too long for this system \(ENAMETOOLONG\)\.$/,
    );
    const missing = join(tmp(), 'no', 'such.csv');
    expect(fsErrorToPrelabel(thrown(() => openSync(missing, 'r')))?.message).toBe(
      `Cannot use ${missing}: no such file or folder (ENOENT).`,
    );
    writeFileSync(join(tmp(), 'file'), 'x');
    expect(fsErrorToPrelabel(thrown(() => mkdirSync(join(tmp(), 'file', 'sub'))))?.code).toBe('INVALID_INPUT');
    expect(fsErrorToPrelabel(thrown(() => openSync(join(tmp(), 'a\u0000b'), 'w')))).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'Cannot use the path given: it holds a NUL character (\\0), which no file name may.',
    });
  });

  it('leaves other errors alone', () => {
    expect(fsErrorToPrelabel(new Error('boom'))).toBeNull();
    expect(fsErrorToPrelabel(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBeNull(); // not from a syscall
    expect(fsErrorToPrelabel(null)).toBeNull();
  });

  it('is how the dispatcher answers a handler that hit one, instead of INTERNAL', async () => {
    const long = join(tmp(), 'y'.repeat(5000));
    const dispatch = createDispatcher({ 'project.stats': () => openSync(long, 'w') } as unknown as Handlers);
    expect(await dispatch('project.stats', {})).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/ \(5\d{3} characters\): the name is too long for this system \(ENAMETOOLONG\)\.$/),
      },
    });
  });
});
