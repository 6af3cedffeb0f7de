// The built-in stand-in for the nginx image: nginx's default site (the welcome page at /, 404
// for the rest) on port 80, with the image's start-up output, access log and signal handling,
// so `kubectl logs` and `curl` look as they would against the real image.
//   env: NGINX_VERSION (the image sets it; from the tag), NGINX_PORT (default 80),
//        POD_IP (address to bind; every IPv4 address when unset), POD_NAME / HOSTNAME.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { release, type as osType } from 'node:os';
import { errorPage50x, specialResponse, welcomePage } from './nginx/pages.ts';
import { accessLog, clientAddr, entrypointLines, errorLog, requestLine } from './nginx/log.ts';
import { podIP } from './lib/pod.ts';

const version = process.env.NGINX_VERSION || '1.27.0';
const port = Number(process.env.NGINX_PORT || 80);
const host = podIP() ?? '0.0.0.0';
const master = '1#1';
const workerPid = process.pid;
const worker = `${workerPid}#${workerPid}`;
const root = '/usr/share/nginx/html';

const startedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
const lastModified = startedAt.toUTCString();
const files: Record<string, string> = {
  '/index.html': welcomePage(process.env.POD_NAME || process.env.HOSTNAME || ''),
  '/50x.html': errorPage50x,
};
const etag = (body: string) => `"${(startedAt.getTime() / 1000).toString(16)}-${Buffer.byteLength(body).toString(16)}"`;

let shuttingDown = false;

/** The URI as nginx normalizes it: %XX decoded, slashes merged, dot segments resolved; null if it escapes the root. */
function normalize(rawPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(seg);
  }
  return `/${out.join('/')}${path.endsWith('/') && out.length > 0 ? '/' : ''}`;
}

/** Writes a response with nginx's headers, in nginx's order, and logs it to the access log. */
function send(req: IncomingMessage, res: ServerResponse, status: number, body: string, validators?: { lastModified: string; etag: string }): void {
  const close = shuttingDown || !res.shouldKeepAlive || status === 400;
  res.statusCode = status;
  res.setHeader('Server', `nginx/${version}`);
  res.setHeader('Date', new Date().toUTCString());
  if (status !== 304) {
    res.setHeader('Content-Type', 'text/html');
    res.setHeader('Content-Length', Buffer.byteLength(body));
  }
  if (validators) res.setHeader('Last-Modified', validators.lastModified);
  res.setHeader('Connection', close ? 'close' : 'keep-alive');
  if (validators) res.setHeader('ETag', validators.etag);
  const sendBody = req.method !== 'HEAD' && status !== 304;
  res.end(sendBody ? body : undefined);
  accessLog(req, status, sendBody ? Buffer.byteLength(body) : 0);
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const raw = (req.url ?? '/').split('?')[0]!;
  const path = normalize(raw.startsWith('/') ? raw : `/${raw}`);
  if (path === null) return send(req, res, 400, specialResponse(400, version));
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') return send(req, res, 405, specialResponse(405, version));
  const file = path === '/' ? '/index.html' : path;
  const body = files[file];
  if (body === undefined) {
    const what = path.endsWith('/') ? `"${root}${path}index.html" is not found` : `open() "${root}${path}" failed`;
    errorLog('error', worker, `*1 ${what} (2: No such file or directory), client: ${clientAddr(req)}, server: localhost, request: "${requestLine(req)}", host: "${req.headers.host ?? ''}"`);
    return send(req, res, 404, specialResponse(404, version));
  }
  if (req.method === 'POST') return send(req, res, 405, specialResponse(405, version));
  const validators = { lastModified, etag: etag(body) };
  const inm = req.headers['if-none-match'];
  const unchanged = inm !== undefined ? inm === '*' || inm.split(/\s*,\s*/).includes(validators.etag) : req.headers['if-modified-since'] === lastModified;
  send(req, res, unchanged ? 304 : 200, unchanged ? '' : body, validators);
}

const server = createServer(handle);
server.keepAliveTimeout = 65_000; // keepalive_timeout 65
server.maxRequestsPerSocket = 1000; // keepalive_requests 1000

for (const line of entrypointLines) process.stdout.write(`${line}\n`);

const errnos: Record<string, string> = { EADDRINUSE: '98: Address already in use', EADDRNOTAVAIL: '99: Cannot assign requested address', EACCES: '13: Permission denied' };
server.on('error', (err: NodeJS.ErrnoException) => {
  const what = `bind() to ${host.includes(':') ? `[${host}]` : host}:${port} failed (${errnos[err.code ?? ''] ?? err.message})`;
  errorLog('emerg', master, what);
  process.stderr.write(`nginx: [emerg] ${what}\n`);
  process.exit(1);
});
server.listen({ port, host }, () => {
  errorLog('notice', master, 'using the "epoll" event method');
  errorLog('notice', master, `nginx/${version}`);
  errorLog('notice', master, 'built by gcc 12.2.0 (Debian 12.2.0-14) ');
  errorLog('notice', master, `OS: ${osType()} ${release()}`);
  errorLog('notice', master, 'getrlimit(RLIMIT_NOFILE): 1048576:1048576');
  errorLog('notice', master, 'start worker processes');
  errorLog('notice', master, `start worker process ${workerPid}`);
});

function exited(): never {
  errorLog('notice', worker, 'exiting');
  errorLog('notice', worker, 'exit');
  errorLog('notice', master, `signal 17 (SIGCHLD) received from ${workerPid}`);
  errorLog('notice', master, `worker process ${workerPid} exited with code 0`);
  errorLog('notice', master, 'exit');
  process.exit(0);
}

/** SIGTERM/SIGINT: nginx's fast shutdown, dropping connections. */
function fastShutdown(signal: string, num: number): void {
  errorLog('notice', master, `signal ${num} (${signal}) received, exiting`);
  server.close();
  server.closeAllConnections();
  exited();
}
process.on('SIGTERM', () => fastShutdown('SIGTERM', 15));
process.on('SIGINT', () => fastShutdown('SIGINT', 2));

/** SIGQUIT: graceful shutdown; requests in flight finish, then the process exits. */
process.on('SIGQUIT', () => {
  if (shuttingDown) return;
  shuttingDown = true;
  errorLog('notice', master, 'signal 3 (SIGQUIT) received, shutting down');
  errorLog('notice', worker, 'gracefully shutting down');
  server.close(() => exited());
  server.closeIdleConnections();
});

/** SIGHUP reloads the configuration, which never changes here. */
process.on('SIGHUP', () => {
  errorLog('notice', master, 'signal 1 (SIGHUP) received, reconfiguring');
  errorLog('notice', master, 'reconfiguring');
});
