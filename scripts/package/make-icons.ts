// `npm run icons`: renders the app icon's one source, resources/icon.svg, into every file
// electron-builder needs (electron-builder.yml names them):
//   resources/icons/<N>x<N>.png  Linux: the hicolor icon theme sizes, 16 to 1024
//   resources/icon.ico           Windows: 16 to 256 (the installer, the .exe, the taskbar)
//   resources/icon.icns          macOS: 16 to 1024 with the @2x variants
// The files are committed, so packaging needs no renderer. `npm run icons -- --check` renders
// again and fails, naming the files, when a committed one differs (the SVG changed without them).
// Rendered with @resvg/resvg-js (a per-platform binary from the npm registry, no system library).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { writeIcns, writeIco, type PngImage } from './icon-containers';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ICON_SOURCE = 'resources/icon.svg';
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

export function renderPng(svg: Buffer, size: number): Buffer {
  const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } });
  return resvg.render().asPng();
}

/** Every icon file, by its path relative to the repository, rendered from the SVG given. */
export function renderIcons(svg: Buffer): Map<string, Buffer> {
  const images: PngImage[] = LINUX_SIZES.map((size) => ({ size, png: renderPng(svg, size) }));
  const files = new Map<string, Buffer>();
  for (const image of images) files.set(`resources/icons/${image.size}x${image.size}.png`, image.png);
  files.set('resources/icon.ico', writeIco(images.filter((image) => ICO_SIZES.includes(image.size))));
  files.set('resources/icon.icns', writeIcns(images));
  return files;
}

/** The icon files that are missing or differ from a fresh rendering of the source. */
export function staleIcons(root = ROOT): string[] {
  const expected = renderIcons(readFileSync(join(root, ICON_SOURCE)));
  return [...expected]
    .filter(([path, bytes]) => !existsSync(join(root, path)) || !readFileSync(join(root, path)).equals(bytes))
    .map(([path]) => path);
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const unknown = argv.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    console.error(`Unknown argument ${unknown[0]}. Usage: npm run icons [-- --check]`);
    return 2;
  }
  if (check) {
    const stale = staleIcons();
    if (stale.length === 0) return 0;
    console.error(`These icon files do not match ${ICON_SOURCE}: ${stale.join(', ')}. Run \`npm run icons\`.`);
    return 1;
  }
  for (const [path, bytes] of renderIcons(readFileSync(join(ROOT, ICON_SOURCE)))) {
    mkdirSync(dirname(join(ROOT, path)), { recursive: true });
    writeFileSync(join(ROOT, path), bytes);
    console.log(`${path} (${bytes.length} bytes)`);
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
