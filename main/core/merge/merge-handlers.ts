// Contract handlers of coder copies: project.package (a coder package, package.ts), project.merge
// (merge.ts) and coders.progress. In the browser mode a package is written into a fresh folder under
// the server's exports folder and downloaded like an export ([Note: browser exports]); copies to
// merge arrive through the upload route, named by their upload ids.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PrelabelError } from '../../../common/contract';
import type { Handlers } from '../api/dispatcher';
import type { CoreContext } from '../core-context';
import { recordExportOwner } from '../export/export-owners';
import { assertNotProjectFile } from '../export/project-guard';
import { resolveSource } from '../imports/import-source';
import { coderProgress } from './coder-progress';
import { mergeCopies } from './merge';
import { writePackage } from './package';

/** A file name from a coder's name: letters, digits, dashes; never empty. */
export function packageFileName(projectName: string, coder: string): string {
  const safe = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60);
  return `${safe(projectName) || 'project'}-${safe(coder) || 'coder'}.prelabel`;
}

export function mergeHandlers(ctx: CoreContext): Pick<Handlers, 'project.package' | 'project.merge' | 'coders.progress'> {
  return {
    'project.package': (input) => {
      const store = ctx.requireProject();
      const { writes } = ctx.config;
      if (writes.chosenBy === 'server' && input.path !== undefined)
        throw new PrelabelError('FORBIDDEN', 'In the browser, the package is downloaded; a path on the server cannot be chosen.');
      if (writes.chosenBy === 'caller' && input.path === undefined)
        throw new PrelabelError('INVALID_INPUT', 'Choose where the package goes: a .prelabel file.');
      let target: string;
      let exportId: string | null = null;
      if (writes.chosenBy === 'server') {
        exportId = randomUUID();
        const dir = join(writes.exportsDir, exportId);
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        recordExportOwner(writes.exportsDir, exportId, store.path);
        target = join(dir, packageFileName(store.info().name, input.coder));
      } else {
        target = resolve(input.path!);
        assertNotProjectFile(target, store.path);
        const parent = dirname(target);
        if (!existsSync(parent) || !statSync(parent).isDirectory())
          throw new PrelabelError(
            'NOT_FOUND',
            `The folder ${parent} does not exist. Create it first or choose another place for the package.`,
          );
      }
      const written = writePackage(store.db, {
        coder: input.coder,
        path: target,
        sampleId: input.sampleId,
        documents: input.documents,
        blind: input.blind,
      });
      return { ...written, exportId };
    },
    'project.merge': (input) => {
      const store = ctx.requireProject();
      const uploads = input.uploadIds.map((uploadId) => resolveSource({ kind: 'upload', uploadId }, ctx.config.uploadsDir).path);
      return mergeCopies(store.db, store.path, [...input.paths.map((p) => resolve(p)), ...uploads]);
    },
    'coders.progress': () => coderProgress(ctx.requireProject().db),
  };
}
