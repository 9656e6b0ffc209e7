// A stand-in for Electron's Linux distribution, for packaging tests on machines that cannot
// download Electron (this project's development and CI machines). electron-builder's `electronDist`
// points at the folder: it copies it, renames `electron` to the app's executable, writes
// resources/app.asar beside it and flips the fuses in the executable.
//
// [Note: the fuse wire] Electron's binary carries a sentinel string followed by the fuse wire: a
// version byte (1), a length byte, then one byte per fuse, '0' off and '1' on (@electron/fuses
// reads and writes it there). The stand-in executable is a shell script that carries the same
// bytes after an `exit`, with the wire in the state a downloaded Electron ships it in, so a test
// can read back which fuses electron-builder flipped.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** @electron/fuses' SENTINEL (node_modules/@electron/fuses/dist/constants.js). */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * The fuses as Electron ships them, in wire order (@electron/fuses' FuseV1Options): RunAsNode on,
 * EnableCookieEncryption off, EnableNodeOptionsEnvironmentVariable on, EnableNodeCliInspectArguments
 * on, EnableEmbeddedAsarIntegrityValidation off, OnlyLoadAppFromAsar off,
 * LoadBrowserProcessSpecificV8Snapshot off, GrantFileProtocolExtraPrivileges on.
 */
export const SHIPPED_FUSE_WIRE = '10110001';

/** Writes the stand-in distribution into `dir` (created); returns the executable's path. */
export function writeStandInElectron(dir: string, fuseWire = SHIPPED_FUSE_WIRE): string {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  mkdirSync(join(dir, 'locales'), { recursive: true });
  const executable = join(dir, 'electron');
  const script = Buffer.from('#!/bin/sh\necho "stand-in Electron for packaging tests: it runs nothing" >&2\nexit 1\n', 'latin1');
  const wire = Buffer.concat([Buffer.from(FUSE_SENTINEL, 'latin1'), Buffer.from([1, fuseWire.length]), Buffer.from(fuseWire, 'latin1')]);
  writeFileSync(executable, Buffer.concat([script, wire, Buffer.from('\n', 'latin1')]));
  chmodSync(executable, 0o755);
  // What a real distribution has beside the executable, in miniature: electron-builder keeps the
  // locales it is told to, and copies the rest as they are.
  writeFileSync(join(dir, 'locales', 'en-US.pak'), 'stand-in');
  writeFileSync(join(dir, 'LICENSE'), 'Stand-in for the Electron license.\n');
  writeFileSync(join(dir, 'version'), '0.0.0-stand-in');
  return executable;
}
