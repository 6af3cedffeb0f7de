// tcpSocket probe: success when a TCP connection opens within the timeout (upstream
// pkg/probe/tcp: DialTimeout then Close; errors become failures so timeouts count).
import { connect } from 'node:net';
import { dialError, dialTimeout } from './go-format.ts';
import type { ProbeOutcome } from './types.ts';

export function tcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (outcome: ProbeOutcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ result: 'failure', message: dialTimeout(host, port) }), timeoutMs);
    socket.once('connect', () => finish({ result: 'success', message: '' }));
    socket.once('error', (err) => finish({ result: 'failure', message: dialError(host, port, err) }));
  });
}
