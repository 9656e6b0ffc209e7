// The Electron transport: the preload's bridge on window.prelabel.
import type { PreloadBridge } from '../../../common/bridge';
import type { Transport } from './transport';

export function bridge(): PreloadBridge | undefined {
  return (window as unknown as { prelabel?: PreloadBridge }).prelabel;
}

export function createIpcTransport(b: PreloadBridge): Transport {
  return {
    face: 'electron',
    call: (method, input) => b.call(method, input),
    subscribe: (listener) => b.onEvent(listener),
  };
}
