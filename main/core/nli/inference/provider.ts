// Where a core's inference runs: the CPU (the app and `prelabel models` always), or CUDA when the CLI
// asks for it (--provider). See [Note: CUDA provider] in inference-main.ts.
import { PrelabelError } from '../../../../common/contract';
import { cudaUnavailableReason } from './cpu-cores';
import type { InferenceClient } from './inference-client';
import type { ExecutionProvider } from './inference-protocol';

/**
 * Makes `provider` the client's provider from its next model load on. CUDA is checked here, before
 * any model loads, so that a missing provider is reported as what it is, with how to get it.
 */
export function useProvider(client: InferenceClient, provider: ExecutionProvider): void {
  if (provider === 'cuda') {
    const reason = cudaUnavailableReason();
    if (reason) throw new PrelabelError('UNSUPPORTED', reason);
  }
  // A model the child holds with the other provider loads again on next use (ensureLoaded).
  client.provider = provider;
}
