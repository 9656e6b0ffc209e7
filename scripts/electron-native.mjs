#!/usr/bin/env node
// Builds better-sqlite3 for the installed Electron's ABI into .native/electron/better_sqlite3.node,
// leaving node_modules/better-sqlite3/build (the plain-Node build that tests and the CLI load)
// untouched. `npm start` runs it before building; it does nothing when the binding is up to date.
// See [Note: native modules in two runtimes] in main/core/store/native-binding.ts.
//
// Usage: node scripts/electron-native.mjs [--force] [--arch x64|arm64]
//
// [Note: a private copy of better-sqlite3] Both ways to get an Electron build (prebuild-install's
// download and a node-gyp compile against Electron's headers) write into the package's own
// build/ folder. They run on a copy of the package in a temp folder, so a failure halfway (no
// network, no compiler) can never leave node_modules with a binary for the wrong runtime.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, '.native', 'electron');
const outFile = join(outDir, 'better_sqlite3.node');
const stampFile = join(outDir, 'stamp.json');
const sqlitePackage = join(root, 'node_modules', 'better-sqlite3');
const electronPackage = join(root, 'node_modules', 'electron');
const HEADERS_URL = 'https://electronjs.org/headers';

class NativeBuildError extends Error {}

function parseArgs(argv) {
  const args = { force: false, arch: process.env.npm_config_arch || process.arch };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--force') args.force = true;
    else if (argv[i] === '--arch' && argv[i + 1]) args.arch = argv[++i];
    else throw new NativeBuildError(`Unknown argument ${argv[i]}. Usage: node scripts/electron-native.mjs [--force] [--arch x64|arm64]`);
  }
  return args;
}

function readJson(path, what) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new NativeBuildError(`${what} is not installed (${path} is missing). Run \`npm ci\` first.`);
  }
}

/** Electron's NODE_MODULE_VERSION, which the built binary must carry (null if unknown). */
function electronAbi() {
  try {
    return readFileSync(join(electronPackage, 'abi_version'), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return null;
  }
}

function upToDate(wanted) {
  const stamp = readStamp();
  return existsSync(outFile) && stamp !== null && Object.entries(wanted).every(([key, value]) => stamp[key] === value);
}

function run(label, command, args, options) {
  console.log(`[electron-native] ${label}: ${[command, ...args].map((a) => (a.includes(' ') ? JSON.stringify(a) : a)).join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) {
    console.log(`[electron-native] ${label} could not run: ${result.error.message}`);
    return false;
  }
  if (result.status !== 0) {
    console.log(`[electron-native] ${label} failed (exit ${result.status ?? result.signal}).`);
    return false;
  }
  return true;
}

/** Copies the package without its build/ folder (the plain-Node binary must not be mistaken for the result). */
function copyPackage(into) {
  const target = join(into, 'better-sqlite3');
  const skip = join(sqlitePackage, 'build');
  cpSync(sqlitePackage, target, {
    recursive: true,
    filter: (src) => src !== skip && !src.startsWith(skip + sep),
  });
  return target;
}

function resolveFrom(base, request) {
  try {
    return createRequire(join(base, 'package.json')).resolve(request);
  } catch {
    return null;
  }
}

function tryPrebuilt(pkgDir, target) {
  const bin = resolveFrom(sqlitePackage, 'prebuild-install/bin.js');
  if (!bin) {
    console.log('[electron-native] prebuild-install is not installed; skipping the download.');
    return false;
  }
  return run(
    'download a prebuilt binary',
    process.execPath,
    [bin, '--runtime', 'electron', '--target', target.electron, '--arch', target.arch, '--platform', target.platform, '--verbose'],
    { cwd: pkgDir, timeout: 3 * 60_000 },
  );
}

function tryCompile(pkgDir, target) {
  const bin = process.env.npm_config_node_gyp || resolveFrom(root, 'node-gyp/bin/node-gyp.js');
  if (!bin) {
    console.log('[electron-native] node-gyp is not installed; cannot compile.');
    return false;
  }
  return run(
    'compile against Electron headers',
    process.execPath,
    [
      bin,
      'rebuild',
      '--release',
      `--target=${target.electron}`,
      `--arch=${target.arch}`,
      `--dist-url=${HEADERS_URL}`,
      // Electron's headers in their own cache, apart from the Node headers the test build uses.
      `--devdir=${join(homedir(), '.electron-gyp')}`,
    ],
    { cwd: pkgDir, timeout: 20 * 60_000 },
  );
}

function checkAbi(file, abi) {
  if (!abi) {
    console.log('[electron-native] node_modules/electron/abi_version is missing; cannot check the ABI of the result.');
    return;
  }
  // Node addons export node_register_module_v<NODE_MODULE_VERSION>; Electron's headers set Electron's.
  const marker = Buffer.from(`node_register_module_v${abi}`);
  if (!readFileSync(file).includes(marker)) {
    throw new NativeBuildError(`The built binary is not for Electron's ABI ${abi} (no ${marker.toString()} in it).`);
  }
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const electron = readJson(join(electronPackage, 'package.json'), 'electron').version;
  const betterSqlite3 = readJson(join(sqlitePackage, 'package.json'), 'better-sqlite3').version;
  const wanted = { electron, betterSqlite3, platform: process.platform, arch: args.arch };
  const abi = electronAbi();

  if (!args.force && upToDate(wanted)) {
    console.log(
      `[electron-native] ${outFile} is up to date (Electron ${electron}, better-sqlite3 ${betterSqlite3}, ${wanted.platform}-${wanted.arch}).`,
    );
    return;
  }
  console.log(
    `[electron-native] building better-sqlite3 ${betterSqlite3} for Electron ${electron}` +
      `${abi ? ` (ABI ${abi})` : ''} on ${wanted.platform}-${wanted.arch}; node_modules stays as it is.`,
  );

  const work = mkdtempSync(join(tmpdir(), 'prelabel-electron-native-'));
  try {
    const pkgDir = copyPackage(work);
    const built = join(pkgDir, 'build', 'Release', 'better_sqlite3.node');
    const target = { electron, arch: args.arch, platform: process.platform };
    let method = null;
    if (tryPrebuilt(pkgDir, target) && existsSync(built)) method = 'prebuild-install';
    else if (tryCompile(pkgDir, target) && existsSync(built)) method = 'node-gyp';
    if (!method) {
      throw new NativeBuildError(
        [
          `Could not build better-sqlite3 ${betterSqlite3} for Electron ${electron}${abi ? ` (ABI ${abi})` : ''}.`,
          `Both ways need the internet: a prebuilt binary comes from GitHub releases, and a compile needs Electron's headers from ${HEADERS_URL} (and a C++ toolchain: python3, make, g++ or the platform's equivalent).`,
          'Run this on a machine with internet access, or copy a better_sqlite3.node built for this Electron version to',
          `  ${outFile}`,
          'Nothing in node_modules was changed: `npm test` and the CLI still work; only the desktop app cannot open projects without it.',
        ].join('\n'),
      );
    }
    checkAbi(built, abi);
    mkdirSync(outDir, { recursive: true });
    // Copy then rename, so a half-written binary never sits where the app loads it from.
    const partial = `${outFile}.partial-${process.pid}`;
    copyFileSync(built, partial);
    renameSync(partial, outFile);
    writeFileSync(stampFile, `${JSON.stringify({ ...wanted, abi, method, builtAt: new Date().toISOString() }, null, 2)}\n`);
    console.log(`[electron-native] wrote ${outFile} (${method}).`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  main();
} catch (err) {
  if (err instanceof NativeBuildError) {
    console.error(`\n[electron-native] ERROR: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
