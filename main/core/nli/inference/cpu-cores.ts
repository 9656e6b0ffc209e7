// What this machine offers the inference process: how many threads one onnxruntime session should
// use (the physical cores, because NLI inference is compute-bound and hyper-threads share one
// core's vector units; MODEL.md: set intraOpNumThreads explicitly), and whether onnxruntime-node's
// CUDA provider is installed.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';

/** Physical cores of this machine, at least 1. Linux reads /proc/cpuinfo; elsewhere a guess. */
export function physicalCores(): number {
  const logical = Math.max(1, availableParallelism());
  if (process.platform === 'linux') {
    try {
      const cores = new Set<string>();
      let physical = '0';
      for (const line of readFileSync('/proc/cpuinfo', 'utf8').split('\n')) {
        const [key, value] = line.split(':').map((s) => s.trim());
        if (key === 'physical id') physical = value ?? '0';
        else if (key === 'core id') cores.add(`${physical}/${value}`);
      }
      // availableParallelism honours the CPU affinity mask (containers, taskset): never exceed it.
      if (cores.size > 0) return Math.max(1, Math.min(cores.size, logical));
    } catch {
      // no /proc: fall through to the guess
    }
    return logical;
  }
  // Apple Silicon has no SMT; Intel Macs and most Windows x64 machines have two threads a core.
  if (process.platform === 'darwin' && process.arch === 'arm64') return logical;
  return Math.max(1, Math.floor(logical / 2));
}

/** The CUDA provider's libraries, which onnxruntime-node loads from beside its binding. */
export const CUDA_PROVIDER_FILES = ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so'];

/** onnxruntime-node's native folder for this platform (the unpacked copy in a packaged app). */
export function onnxruntimeBinDir(platform: string = process.platform, arch: string = process.arch): string {
  const pkg = dirname(createRequire(__filename).resolve('onnxruntime-node/package.json'));
  const dir = join(pkg, 'bin', 'napi-v6', platform, arch);
  // Electron serves app.asar from a virtual file system; native files live in app.asar.unpacked.
  return dir.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/**
 * Why the CUDA provider cannot be used here, or null when its libraries are in place. The npm
 * package carries only the CPU provider: the CUDA provider (Linux x64 only) is downloaded by
 * onnxruntime-node's install script, which projects skip (ONNXRUNTIME_NODE_INSTALL=skip) because
 * it needs the internet.
 */
export function cudaUnavailableReason(platform: string = process.platform, arch: string = process.arch, binDir?: string): string | null {
  if (platform !== 'linux' || arch !== 'x64') {
    return `CUDA is only available on Linux x64 (this machine is ${platform} ${arch}): onnxruntime-node has no CUDA provider for other platforms. Use --provider cpu.`;
  }
  let dir: string;
  try {
    dir = binDir ?? onnxruntimeBinDir(platform, arch);
  } catch {
    return 'onnxruntime-node is not installed, so there is no CUDA provider either.';
  }
  const missing = CUDA_PROVIDER_FILES.filter((f) => !existsSync(join(dir, f)));
  if (missing.length === 0) return null;
  return (
    `The CUDA provider of onnxruntime-node is not installed (${missing.join(' and ')} missing in ${dir}). ` +
    'It is not part of the npm package: onnxruntime-node downloads it at install time, and Prelabel installs with ONNXRUNTIME_NODE_INSTALL=skip. ' +
    'To get it, on this Linux x64 machine with internet access run: ' +
    '(cd node_modules/onnxruntime-node && ONNXRUNTIME_NODE_INSTALL=cuda12 node script/install) ' +
    '(npm rebuild does not: the allowScripts of package.json keep the install script of onnxruntime-node from running). It also needs an NVIDIA driver and the CUDA 12 and cuDNN 9 libraries. Use --provider cpu meanwhile.'
  );
}
