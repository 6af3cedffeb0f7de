// nginx's logs as the image configures them: the access log (`main` format) on stdout, the
// error log at `notice` level on stderr, and the entrypoint's start-up lines on stdout.
import type { IncomingMessage } from 'node:http';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** $time_local in the container's zone (UTC): `10/Jul/2024:12:00:00 +0000`. */
function timeLocal(d: Date): string {
  return `${pad(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** The error log's timestamp: `2024/07/10 12:00:00`. */
function errorTime(d: Date): string {
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Variables in the access log escape `"`, `\` and bytes outside printable ASCII as \xHH. */
function esc(v: string | undefined): string {
  if (v === undefined || v === '') return '-';
  return Buffer.from(v, 'latin1').reduce((s, b) => s + (b === 0x22 || b === 0x5c || b < 0x20 || b > 0x7e ? `\\x${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b)), '');
}

/** The client address as nginx logs it (no IPv4-mapped prefix). */
export function clientAddr(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? '-';
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

export function requestLine(req: IncomingMessage): string {
  return `${req.method} ${req.url} HTTP/${req.httpVersion}`;
}

/**
 * log_format main '$remote_addr - $remote_user [$time_local] "$request" '
 *                 '$status $body_bytes_sent "$http_referer" '
 *                 '"$http_user_agent" "$http_x_forwarded_for"';
 */
export function accessLog(req: IncomingMessage, status: number, bodyBytes: number): void {
  const h = req.headers;
  const line = `${clientAddr(req)} - - [${timeLocal(new Date())}] "${esc(requestLine(req))}" ${status} ${bodyBytes} "${esc(h.referer)}" "${esc(h['user-agent'])}" "${esc(h['x-forwarded-for'] as string | undefined)}"`;
  process.stdout.write(`${line}\n`);
}

/** An error-log line: `2024/07/10 12:00:00 [notice] 1#1: start worker processes`. */
export function errorLog(level: 'notice' | 'error' | 'emerg', pid: string, message: string): void {
  process.stderr.write(`${errorTime(new Date())} [${level}] ${pid}: ${message}\n`);
}

/** What /docker-entrypoint.sh prints before it execs nginx. */
export const entrypointLines = [
  '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
  '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
  '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
  '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
  '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
  '/docker-entrypoint.sh: Configuration complete; ready for start up',
];
