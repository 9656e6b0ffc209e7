// The app icon: every committed file is what `npm run icons` makes from resources/icon.svg, and the
// .ico and .icns containers hold the sizes Windows and macOS look for, read back here with a parser
// of this test's own (not the writer's code).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { readBuilderConfig } from './build-dir-package';
import { ICON_SOURCE, staleIcons } from './make-icons';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string): Buffer => readFileSync(join(root, path));

/** Width, height and colour type from a PNG's IHDR, checked byte by byte. */
function ihdr(png: Buffer): { width: number; height: number; colourType: number } {
  expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), colourType: png[25]! };
}

describe('the app icon', () => {
  it('is made from resources/icon.svg: every committed size matches a fresh rendering', () => {
    expect(staleIcons(root)).toEqual([]);
  });

  it('has a Linux PNG for each hicolor size, RGBA, square, named <N>x<N>.png', () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(ihdr(read(`resources/icons/${size}x${size}.png`))).toEqual({ width: size, height: size, colourType: 6 });
    }
  });

  it('draws on a transparent ground with an opaque middle even at 16 px', () => {
    const image = new Resvg(read(ICON_SOURCE), { fitTo: { mode: 'width', value: 16 } }).render();
    const alpha = (x: number, y: number): number => image.pixels[(y * image.width + x) * 4 + 3]!;
    expect([alpha(0, 0), alpha(15, 0), alpha(0, 15), alpha(15, 15)]).toEqual([0, 0, 0, 0]);
    expect(alpha(8, 8)).toBe(255);
  });

  it('has a Windows .ico with PNG images of 16 to 256 px, the largest 256 (electron-builder needs it)', () => {
    const ico = read('resources/icon.ico');
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    let end = 6 + 16 * count;
    for (let i = 0; i < count; i++) {
      const at = 6 + 16 * i;
      const width = ico[at] || 256;
      const height = ico[at + 1] || 256;
      const [bytes, offset] = [ico.readUInt32LE(at + 8), ico.readUInt32LE(at + 12)];
      expect(offset).toBe(end);
      end = offset + bytes;
      const png = ico.subarray(offset, offset + bytes);
      expect(ihdr(png)).toMatchObject({ width, height });
      expect(width).toBe(height);
      expect(png.equals(read(`resources/icons/${width}x${width}.png`))).toBe(true);
      sizes.push(width);
    }
    expect(end).toBe(ico.length);
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('has a macOS .icns whose chunks hold PNGs of the size their type names, 16 to 1024 with @2x', () => {
    const icns = read('resources/icon.icns');
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    // Apple's type codes (Icon Services): the pixel size each one holds.
    const pixels: Record<string, number> = {
      icp4: 16,
      icp5: 32,
      icp6: 64,
      ic07: 128,
      ic08: 256,
      ic09: 512,
      ic10: 1024,
      ic11: 32,
      ic12: 64,
      ic13: 256,
      ic14: 512,
    };
    const types: string[] = [];
    for (let at = 8; at < icns.length;) {
      const type = icns.toString('latin1', at, at + 4);
      const length = icns.readUInt32BE(at + 4);
      expect(pixels[type], `unknown chunk ${type}`).toBeDefined();
      const png = icns.subarray(at + 8, at + length);
      expect(ihdr(png)).toMatchObject({ width: pixels[type], height: pixels[type] });
      types.push(type);
      at += length;
    }
    expect(types.sort()).toEqual(Object.keys(pixels).sort());
  });

  it('is the icon electron-builder.yml names for each platform', () => {
    const config = readBuilderConfig(root) as { mac: { icon: string }; win: { icon: string }; linux: { icon: string } };
    expect([config.linux.icon, config.mac.icon, config.win.icon]).toEqual(['resources/icons', 'resources/icon.icns', 'resources/icon.ico']);
    for (const path of [config.mac.icon, config.win.icon, join(config.linux.icon, '512x512.png')])
      expect(existsSync(join(root, path))).toBe(true);
  });
});
