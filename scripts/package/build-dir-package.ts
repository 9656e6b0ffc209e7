// Builds the app's unpacked Linux package (electron-builder's `dir` target) exactly as
// electron-builder.yml says, with three stand-ins for what cannot be had offline or without
// building for Electron: the Electron distribution (scripts/package/stand-in-electron.ts), its
// version (the installed electron package's), and the Electron build of better-sqlite3 (a file of
// known bytes where `npm run dist` puts .native/electron/better_sqlite3.node). Everything else is
// the real configuration, the real out/ and the real node_modules. Needs `npm run build` first.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Arch, build, Platform, type Configuration } from 'electron-builder';
import { writeStandInElectron } from './stand-in-electron';

const requireFromBuilder = createRequire(createRequire(import.meta.url).resolve('app-builder-lib'));

/** electron-builder.yml as electron-builder reads it (with the js-yaml it uses itself). */
export function readBuilderConfig(root: string): Configuration {
  const yaml = requireFromBuilder('js-yaml') as { load(text: string): unknown };
  return yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Configuration;
}

export interface DirPackage {
  /** The unpacked app: the executable, resources/app.asar, resources/app.asar.unpacked, ... */
  appOutDir: string;
  /** The staged project electron-builder packaged (paths in its configuration are relative to it). */
  projectDir: string;
  /** The bytes put where the Electron build of better-sqlite3 goes. */
  standInSqliteBinding: Buffer;
  /** The [Desktop Entry] that the AppImage and deb targets would install, as electron-builder writes it. */
  desktopEntry: string;
  /** The icon files the AppImage and deb targets would install, with their sizes. */
  linuxIcons: { file: string; size: number }[];
  /** electron-builder's log, for a failure message. */
  log: string;
}

/** What electron-builder's LinuxTargetHelper offers (app-builder-lib/out/targets/LinuxTargetHelper.js). */
interface LinuxTargetHelperLike {
  icons: Promise<{ file: string; size: number }[]>;
  computeDesktopEntry(options: unknown): Promise<string>;
}

/** Files of the working tree that must never ship: the staged project gets one of each kind. */
export const DECOYS = [
  'main/core/decoy.ts',
  'renderer/src/decoy.tsx',
  'e2e/decoy.spec.ts',
  'docs/DECOY.md',
  'scripts/decoy.mjs',
  'test-results/decoy.txt',
];

/**
 * node_modules for the staged project: a tree of hard links to the project's files (cp -al: a few
 * seconds, no bytes copied), or a full copy where the staging folder is on another file system.
 * [Note: no symlinked node_modules] Never a symbolic link to the folder: electron-builder collects
 * the production dependencies with `npm list`, and when npm reads a tree through a linked
 * node_modules (whenever its hidden lockfile is older than the folder, as after `npm run build`
 * writes node_modules/.vite) it sees every package as a link out of the project, marks them
 * extraneous, and electron-builder packs only the direct dependencies (19 of 87): a package that
 * would not start. `npm run dist` itself runs in the project folder and never meets this.
 */
function linkNodeModules(source: string, target: string): void {
  try {
    execFileSync('cp', ['-al', source, target], { stdio: 'pipe' });
  } catch {
    cpSync(source, target, { recursive: true, verbatimSymlinks: true });
  }
}

/**
 * A copy of the project to package: out/ and resources/ copied (electron-builder does not follow a
 * linked folder of the app), node_modules/ hard-linked, package.json, package-lock.json and
 * electron-builder.yml copied, .native/electron/better_sqlite3.node the stand-in, and a decoy file
 * in each source folder. electron-builder reads electron-builder.yml there as `npm run dist` would,
 * and walks only this folder, not the working tree that other processes may be changing.
 */
function stageProject(root: string, projectDir: string, sqliteBinding: Buffer): void {
  mkdirSync(join(projectDir, '.native', 'electron'), { recursive: true });
  writeFileSync(join(projectDir, '.native', 'electron', 'better_sqlite3.node'), sqliteBinding);
  cpSync(join(root, 'out'), join(projectDir, 'out'), { recursive: true });
  // Model folders in resources/models (hundreds of MB) are not copied: only its README and .gitignore.
  const models = join(root, 'resources', 'models');
  cpSync(join(root, 'resources'), join(projectDir, 'resources'), {
    recursive: true,
    filter: (source) => dirname(source) !== models || !statSync(source).isDirectory(),
  });
  linkNodeModules(join(root, 'node_modules'), join(projectDir, 'node_modules'));
  for (const file of ['package.json', 'package-lock.json', 'electron-builder.yml']) copyFileSync(join(root, file), join(projectDir, file));
  for (const decoy of DECOYS) {
    mkdirSync(dirname(join(projectDir, decoy)), { recursive: true });
    writeFileSync(join(projectDir, decoy), 'a file of the working tree that must not be packaged\n');
  }
}

export async function buildDirPackage(root: string, workDir: string): Promise<DirPackage> {
  const electronDist = join(workDir, 'electron-dist');
  writeStandInElectron(electronDist);
  const standInSqliteBinding = Buffer.from('stand-in for the Electron build of better-sqlite3\n');
  const projectDir = join(workDir, 'project');
  stageProject(root, projectDir, standInSqliteBinding);

  let desktopEntry = '';
  let linuxIcons: { file: string; size: number }[] = [];
  const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string })
    .version;
  // Merged by electron-builder into electron-builder.yml: only settings the file does not make.
  const overrides: Configuration = {
    electronDist,
    electronVersion,
    directories: { output: join(workDir, 'dist') },
    // The dir target writes no desktop entry and installs no icons: ask electron-builder's own
    // Linux helper what the AppImage and deb targets would.
    afterPack: async (context) => {
      const { LinuxTargetHelper } = requireFromBuilder('app-builder-lib/out/targets/LinuxTargetHelper') as {
        LinuxTargetHelper: new (packager: unknown) => LinuxTargetHelperLike;
      };
      const helper = new LinuxTargetHelper(context.packager);
      linuxIcons = await helper.icons;
      desktopEntry = await helper.computeDesktopEntry(context.packager.platformSpecificBuildOptions);
    },
  };

  const log: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  // electron-builder logs to stdout; kept for a failure message instead of flooding the test output.
  process.stdout.write = ((chunk: string | Uint8Array) => {
    log.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  try {
    await build({ projectDir, targets: Platform.LINUX.createTarget('dir', Arch.x64), config: overrides, publish: 'never' });
  } catch (err) {
    throw new Error(`electron-builder failed: ${(err as Error).message}\n${log.join('')}`, { cause: err });
  } finally {
    process.stdout.write = write;
  }
  return {
    appOutDir: join(workDir, 'dist', 'linux-unpacked'),
    projectDir,
    standInSqliteBinding,
    desktopEntry,
    linuxIcons,
    log: log.join(''),
  };
}
