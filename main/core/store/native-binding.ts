// [Note: native modules in two runtimes] better-sqlite3 is compiled per ABI. node_modules keeps
// the build for plain Node (tests, CLI, browser mode); `npm start` builds a copy for Electron's
// ABI into .native/electron/ and the core process loads it through better-sqlite3's
// `nativeBinding` option when it runs inside Electron. So `npm test` and `npm start` both work on
// one checkout, in either order.
import { existsSync } from 'node:fs';

export function nativeBindingPath(): string | undefined {
  if (!process.versions.electron) return undefined;
  const fromEnv = process.env.PRELABEL_SQLITE_BINDING;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return undefined;
}
