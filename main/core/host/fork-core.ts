// Starts the core as a plain Node child process (browser mode, tests).
import { fork } from 'node:child_process';
import type { CoreConfig } from '../core-context';
import type { CoreChannel, FromCore } from './core-protocol';

export function forkCore(entry: string, config: CoreConfig): CoreChannel {
  const child = fork(entry, [], {
    env: { ...process.env, PRELABEL_CORE_CONFIG: JSON.stringify(config) },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    send: (m) => {
      if (child.connected) child.send(m);
    },
    onMessage: (l) => child.on('message', (m) => l(m as FromCore)),
    onExit: (l) => child.on('exit', (code) => l(code)),
    kill: () => child.kill('SIGKILL'),
  };
}
