// Builds the unpacked Linux package with electron-builder (a stand-in Electron distribution, see
// scripts/package/build-dir-package.ts) and checks what would ship: the asar holds the built
// bundles and the production dependencies and nothing else, native code is unpacked and only for
// linux-x64, the fuses are flipped as electron-builder.yml says, and the menu entry and icons are
// those in resources/. About a minute on two cores; needs `npm run build` first (npm test does).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFile, getRawHeader, listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDirPackage, DECOYS, readBuilderConfig, type DirPackage } from './build-dir-package';
import { SHIPPED_FUSE_WIRE } from './stand-in-electron';

const root = fileURLToPath(new URL('../..', import.meta.url));
const built = existsSync(join(root, 'out/main/electron.js')) && existsSync(join(root, 'out/renderer/index.html'));
if (!built) console.warn('[package-dir] skipped: out/ is not built; run `npm run build` first (npm test does).');

/** Every file under dir, as paths relative to it with forward slashes. */
function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => statSync(join(dir, path)).isFile())
    .map((path) => path.split(sep).join('/'));
}

interface AsarEntry {
  size?: number;
  unpacked?: boolean;
  files?: Record<string, AsarEntry>;
}

/** The packages that ship, as name@version, computed from package-lock.json alone: installed and not dev-only. */
function productionPackagesFromLock(): string[] {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string; dev?: boolean }>;
  };
  const packages = Object.entries(lock.packages)
    .filter(([path, entry]) => path.startsWith('node_modules/') && !entry.dev && existsSync(join(root, path, 'package.json')))
    .map(([path, entry]) => `${path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)}@${entry.version}`);
  return [...new Set(packages)].sort();
}

describe.skipIf(!built)('the unpacked Linux package (electron-builder --dir, stand-in Electron)', () => {
  let work: string;
  let pkg: DirPackage;
  let asarPath: string;
  let files: string[];
  let header: AsarEntry;
  const entry = (path: string): AsarEntry | undefined =>
    path
      .split('/')
      .filter(Boolean)
      .reduce<AsarEntry | undefined>((node, part) => node?.files?.[part], header);

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'prelabel-package-'));
    pkg = await buildDirPackage(root, work);
    asarPath = join(pkg.appOutDir, 'resources', 'app.asar');
    header = getRawHeader(asarPath).header as AsarEntry;
    files = listPackage(asarPath, { isPack: false })
      .map((path) => path.split(sep).join('/'))
      .filter((path) => !entry(path)?.files);
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds the built bundles (no source maps) and package.json, nothing else of the project', () => {
    const ownFiles = files.filter((path) => !path.startsWith('/node_modules/')).sort();
    const expected = walk(join(root, 'out'))
      .filter((path) => !path.endsWith('.map'))
      .map((path) => `/out/${path}`);
    expect(ownFiles).toEqual([...expected, '/package.json'].sort());
    // The staged project has a decoy in each source folder: none of them may be packed.
    for (const decoy of DECOYS) expect(files).not.toContain(`/${decoy}`);
    const shipped = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8')) as { main: string };
    expect(files).toContain(`/${shipped.main}`);
  });

  // Found by this test in a fresh `npm ci` tree: a staged project with a symlinked node_modules
  // shipped only the direct dependencies ([Note: no symlinked node_modules] in build-dir-package.ts).
  it('holds exactly the production dependencies of package-lock.json, without sources, maps or declarations', () => {
    // electron-builder lays the packages out flat where it can, so they are compared as name@version.
    const packageRoot = /^\/(?:node_modules\/(?:@[^/]+\/)?[^/]+\/)*node_modules\/(?:@[^/]+\/)?[^/]+\/package\.json$/;
    const shipped = files
      .filter((path) => packageRoot.test(path))
      .map((path) => JSON.parse(extractFile(asarPath, path.slice(1)).toString('utf8')) as { name: string; version: string })
      .map((meta) => `${meta.name}@${meta.version}`);
    expect([...new Set(shipped)].sort()).toEqual(productionPackagesFromLock());
    const names = new Set(shipped.map((id) => id.slice(0, id.lastIndexOf('@'))));
    for (const dev of ['electron', 'electron-builder', 'vitest', 'typescript', 'react', '@resvg/resvg-js']) {
      expect(names.has(dev), dev).toBe(false);
    }
    expect(files.filter((path) => /\.(map|ts|mts|cts|tsx)$/.test(path))).toEqual([]);
    expect(files.filter((path) => /\.(c|cc|cpp|h|hpp|gyp)$/.test(path))).toEqual([]);
    expect(files.filter((path) => /\.test\.[cm]?js$|\/__tests__\//.test(path))).toEqual([]);
  });

  it('keeps native code out of the asar: onnxruntime for linux-x64 only, the Electron build of better-sqlite3 in resources/native', () => {
    const nativeFiles = files.filter((path) => /\.(node|so(\.\d+)*|dylib|dll)$/.test(path));
    expect(nativeFiles.length).toBeGreaterThan(0);
    for (const path of nativeFiles) {
      expect(entry(path)?.unpacked, `${path} is inside the asar`).toBe(true);
      expect(statSync(join(pkg.appOutDir, 'resources', 'app.asar.unpacked', path)).size).toBe(entry(path)?.size);
    }
    const ortDir = '/node_modules/onnxruntime-node/bin/napi-v6/linux/x64';
    expect(nativeFiles.sort()).toEqual([`${ortDir}/libonnxruntime.so.1`, `${ortDir}/onnxruntime_binding.node`]);
    const unpacked = walk(join(pkg.appOutDir, 'resources', 'app.asar.unpacked'));
    expect(unpacked.filter((path) => /\/(darwin|win32)\/|\/linux\/arm64\//.test(path))).toEqual([]);
    // The only better-sqlite3 binary is the Electron build; the plain-Node one (wrong ABI) stays home.
    expect(readFileSync(join(pkg.appOutDir, 'resources', 'native', 'better_sqlite3.node'))).toEqual(pkg.standInSqliteBinding);
    expect(walk(pkg.appOutDir).filter((path) => path.includes('better-sqlite3/build'))).toEqual([]);
    expect(files.filter((path) => path.startsWith('/node_modules/better-sqlite3/build/'))).toEqual([]);
  });

  it('ships no bundled-model README and no Electron default app', () => {
    const models = join(pkg.appOutDir, 'resources', 'models');
    expect(existsSync(models) ? walk(models) : []).toEqual([]);
    expect(existsSync(join(pkg.appOutDir, 'resources', 'default_app.asar'))).toBe(false);
  });

  it('flips the fuses as electron-builder.yml says (read back from the executable)', async () => {
    const fuses = readBuilderConfig(root).electronFuses as Record<string, boolean>;
    const option: Record<string, FuseV1Options> = {
      runAsNode: FuseV1Options.RunAsNode,
      enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
      enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
      enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
      enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
      onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
      loadBrowserProcessSpecificV8Snapshot: FuseV1Options.LoadBrowserProcessSpecificV8Snapshot,
      grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
    };
    const wire = (await getCurrentFuseWire(join(pkg.appOutDir, 'prelabel'))) as unknown as Record<number, number>;
    const expected = [...SHIPPED_FUSE_WIRE].map((bit) => bit.charCodeAt(0));
    for (const [name, value] of Object.entries(fuses)) {
      if (name === 'resetAdHocDarwinSignature') continue;
      expect(option[name], `unknown fuse ${name} in electron-builder.yml`).toBeDefined();
      expected[option[name]!] = (value ? '1' : '0').charCodeAt(0);
    }
    expect(Object.keys(fuses)).toEqual(
      expect.arrayContaining(['runAsNode', 'enableNodeOptionsEnvironmentVariable', 'onlyLoadAppFromAsar']),
    );
    expect(expected.map((_, i) => wire[i])).toEqual(expected);
    // The ones that matter most, spelled out: no ELECTRON_RUN_AS_NODE, no NODE_OPTIONS, no --inspect.
    expect(String.fromCharCode(wire[FuseV1Options.RunAsNode]!, wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]!)).toBe('00');
    expect(String.fromCharCode(wire[FuseV1Options.EnableNodeCliInspectArguments]!, wire[FuseV1Options.OnlyLoadAppFromAsar]!)).toBe('01');
  });

  it('installs the icons from resources/icons and a desktop entry that opens .prelabel files', () => {
    const icons = pkg.linuxIcons.map((icon) => `${relative(pkg.projectDir, icon.file).split(sep).join('/')} ${icon.size}`).sort();
    const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
    expect(icons).toEqual(sizes.map((size) => `resources/icons/${size}x${size}.png ${size}`).sort());
    const lines = pkg.desktopEntry.split('\n');
    expect(lines[0]).toBe('[Desktop Entry]');
    for (const line of [
      'Name=Prelabel',
      'Icon=prelabel',
      'Categories=Science;Office;',
      'MimeType=application/x-prelabel-project;',
      'StartupWMClass=prelabel',
      'Type=Application',
    ]) {
      expect(lines).toContain(line);
    }
    expect(lines).toContain('Comment=Code texts with suggestions from a local language model');
    expect(lines).toContain('GenericName=Text annotation');
    expect(lines.find((line) => line.startsWith('Keywords='))).toMatch(/^Keywords=(?=.*annotation;)(?=.*coding;).+;$/);
    expect(lines.find((line) => line.startsWith('Exec='))).toMatch(/\/prelabel %U$/);
  });
});

describe('electron-builder.yml', () => {
  // [Note: no top-level files] in electron-builder.yml: the list is written once per platform.
  it('lists the files per platform only, the three lists the same but for which onnxruntime binaries they keep', () => {
    const config = readBuilderConfig(root) as Record<string, unknown> & Record<'linux' | 'mac' | 'win', { files: string[] }>;
    expect(config.files).toBeUndefined();
    const ort = /^!node_modules\/onnxruntime-node\/bin\//;
    const common = (files: string[]): string[] => files.filter((pattern) => !ort.test(pattern));
    expect(common(config.mac.files)).toEqual(common(config.linux.files));
    expect(common(config.win.files)).toEqual(common(config.linux.files));
    const kept = { linux: 'linux', mac: 'darwin', win: 'win32' } as const;
    for (const platform of ['linux', 'mac', 'win'] as const) {
      const patterns = config[platform].files.filter((pattern) => ort.test(pattern));
      const others = ['darwin', 'linux', 'win32'].filter((dir) => dir !== kept[platform]);
      expect(patterns).toEqual([
        `!node_modules/onnxruntime-node/bin/napi-v*/{${others.join(',')}}{,/**/*}`,
        `!node_modules/onnxruntime-node/bin/napi-v*/${kept[platform]}/!(\${arch}){,/**/*}`,
      ]);
    }
  });
});
