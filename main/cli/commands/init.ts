// `prelabel init`: creates a project file (.prelabel).
import { resolve } from 'node:path';
import { positional, stringFlag, type Command } from '../command';

export const init: Command = {
  usage: 'init <project> [--name NAME]',
  summary: 'create a project file (.prelabel)',
  options: { name: { type: 'string' } },
  async run(args) {
    const path = positional(args, 0, 'the project file (prelabel init <project>)');
    const name = stringFlag(args, 'name') ?? path.replace(/^.*[\\/]/, '').replace(/\.prelabel$/, '');
    const info = await args.call('project.create', { name, path: resolve(path) });
    if (args.json) args.io.out(JSON.stringify({ ok: true, project: info }));
    else args.io.out(`Created ${info.path}`);
    return 0;
  },
};
