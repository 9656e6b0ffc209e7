// The two ways the renderer reaches the core: Electron's preload bridge or the browser mode's HTTP.
import type { Result } from '../../../common/contract';

export interface Transport {
  readonly face: 'electron' | 'browser';
  call(method: string, input: unknown): Promise<Result<unknown>>;
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}
