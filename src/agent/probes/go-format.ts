// Upstream's probe messages are Go error strings; users grep events for them, so the wording
// of network errors, URLs and durations follows Go's net, net/http and time packages.
import { isIPv6 } from 'node:net';

/** net.JoinHostPort: brackets IPv6 literals. */
export function joinHostPort(host: string, port: number): string {
  return isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/** time.Duration.String() for whole seconds: 1s, 1m30s, 1h0m0s. */
export function goDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/** Go's %q for the ASCII strings that occur in URLs and commands. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

const connectErrors: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  ETIMEDOUT: 'connection timed out',
  EADDRNOTAVAIL: 'cannot assign requested address',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
};

/** The error net.Dial returns, e.g. `dial tcp 10.0.0.1:80: connect: connection refused`. */
export function dialError(host: string, port: number, err: NodeJS.ErrnoException): string {
  const code = err.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `dial tcp: lookup ${host}: no such host`;
  const text = connectErrors[code];
  return `dial tcp ${joinHostPort(host, port)}: ${text ? `connect: ${text}` : err.message}`;
}

/** net.Dial's error when its deadline passes first. */
export function dialTimeout(host: string, port: number): string {
  return `dial tcp ${joinHostPort(host, port)}: i/o timeout`;
}
