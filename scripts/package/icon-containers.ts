// The Windows .ico and macOS .icns containers, written here: both only wrap PNG images, so no
// package is needed for them. scripts/package/make-icons.ts fills them from resources/icon.svg.
//
// ICO (Windows): a 6-byte header (reserved 0, type 1, count), one 16-byte entry per image (width and
// height with 0 for 256, colour count, reserved, planes, bits per pixel, byte size, offset), then the
// images. Windows Vista and later read PNG images inside; electron-builder wants one of 256x256.
// ICNS (macOS): 'icns' and the file's length (big-endian), then chunks of a 4-character type, the
// chunk's length including its 8-byte head, and a PNG. The type names the pixel size.

export interface PngImage {
  /** Width and height in pixels (the icons are square). */
  size: number;
  png: Buffer;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The width and height in a PNG's IHDR chunk; throws on anything that is not a PNG. */
export function pngDimensions(png: Buffer): { width: number; height: number } {
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG image (no PNG signature and IHDR chunk)');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function checkImage(image: PngImage): void {
  const { width, height } = pngDimensions(image.png);
  if (width !== image.size || height !== image.size) {
    throw new Error(`the ${image.size}px image is ${width}x${height}`);
  }
}

/** An .ico file holding the given PNG images (each at most 256 px), in the order given. */
export function writeIco(images: PngImage[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const entries = Buffer.alloc(16 * images.length);
  let offset = header.length + entries.length;
  images.forEach((image, i) => {
    checkImage(image);
    if (image.size > 256) throw new Error(`an .ico image is at most 256 px, not ${image.size}`);
    const at = 16 * i;
    entries.writeUInt8(image.size === 256 ? 0 : image.size, at);
    entries.writeUInt8(image.size === 256 ? 0 : image.size, at + 1);
    entries.writeUInt8(0, at + 2); // no palette
    entries.writeUInt8(0, at + 3);
    entries.writeUInt16LE(1, at + 4); // colour planes
    entries.writeUInt16LE(32, at + 6); // bits per pixel (RGBA)
    entries.writeUInt32LE(image.png.length, at + 8);
    entries.writeUInt32LE(offset, at + 12);
    offset += image.png.length;
  });
  return Buffer.concat([header, entries, ...images.map((image) => image.png)]);
}

/**
 * The ICNS chunk types that hold PNG data, with their pixel size: 16 to 1024, the @2x types for
 * Retina screens. The PNG types for 16 and 32 (icp4, icp5) need macOS 10.7, which every Electron
 * that runs Prelabel needs anyway.
 */
export const ICNS_TYPES: { type: string; size: number }[] = [
  { type: 'icp4', size: 16 },
  { type: 'icp5', size: 32 },
  { type: 'icp6', size: 64 },
  { type: 'ic07', size: 128 },
  { type: 'ic08', size: 256 },
  { type: 'ic09', size: 512 },
  { type: 'ic10', size: 1024 }, // 512@2x
  { type: 'ic11', size: 32 }, // 16@2x
  { type: 'ic12', size: 64 }, // 32@2x
  { type: 'ic13', size: 256 }, // 128@2x
  { type: 'ic14', size: 512 }, // 256@2x
];

/** An .icns file with one chunk per ICNS_TYPES entry, each filled with the image of its size. */
export function writeIcns(images: PngImage[]): Buffer {
  const bySize = new Map(images.map((image) => [image.size, image]));
  const chunks = ICNS_TYPES.map(({ type, size }) => {
    const image = bySize.get(size);
    if (!image) throw new Error(`the .icns needs a ${size}px image (for ${type})`);
    checkImage(image);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + image.png.length, 4);
    return Buffer.concat([head, image.png]);
  });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([head, body]);
}
