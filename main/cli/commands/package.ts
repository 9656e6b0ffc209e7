// `prelabel package`: writes a coder package ([Note: coder package] in main/core/merge/package.ts):
// a project file for one coder to code offline and merge back with `prelabel merge`.
import { PrelabelError, type PackageInput } from '../../../common/contract';
import { openProject, positional, stringFlag, type Command } from '../command';

export const packageCommand: Command = {
  usage: 'package <project> --coder NAME --out FILE [--sample ID | --documents all|open] [--blind]',
  summary: "a coder package: the codebook and the coder's documents without other coders' decisions (and, --blind, without suggestions)",
  options: {
    coder: { type: 'string' },
    out: { type: 'string' },
    sample: { type: 'string' },
    documents: { type: 'string' },
    blind: { type: 'boolean' },
  },
  async run(args) {
    const project = positional(args, 0, 'the project file (prelabel package <project> --coder NAME --out FILE)');
    const coder = stringFlag(args, 'coder');
    const out = stringFlag(args, 'out');
    if (!coder?.trim()) throw new PrelabelError('INVALID_INPUT', '--coder NAME is required: the coder the package is for.');
    if (!out?.trim()) throw new PrelabelError('INVALID_INPUT', '--out FILE is required: where the package is written (a .prelabel file).');
    const documents = stringFlag(args, 'documents');
    if (documents !== undefined && documents !== 'all' && documents !== 'open')
      throw new PrelabelError('INVALID_INPUT', `--documents must be "all" or "open" (got "${documents}").`);
    const sampleId = stringFlag(args, 'sample');
    if (sampleId !== undefined && documents !== undefined)
      throw new PrelabelError(
        'INVALID_INPUT',
        '--sample and --documents exclude each other: a package holds a sample or all/open documents.',
      );
    await openProject(args, project);
    const input: PackageInput = {
      coder: coder.trim(),
      path: out,
      blind: args.values.blind === true,
      ...(sampleId !== undefined ? { sampleId } : {}),
      ...(documents !== undefined ? { documents } : {}),
    };
    const written = await args.call('project.package', input);
    if (args.json) {
      args.io.out(JSON.stringify({ ok: true, ...written }));
      return 0;
    }
    args.io.out(
      `Wrote the package for ${written.coder} to ${written.path}: ${written.documents} documents, ${written.decisions} of ${written.coder}'s decisions${written.blind ? ', blind (no suggestions)' : ''}.`,
    );
    args.io.out(`Merge it back when coded: prelabel merge <project> ${written.path}`);
    return 0;
  },
};
