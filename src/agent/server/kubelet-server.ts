// The node agent's HTTP API in the style of the kubelet's: container logs and exec, which
// the API server proxies `pods/log` and `pods/exec` to. Errors are the kubelet's: a plain
// text body with the status code before streaming starts, a Status on channel 3 once an exec
// has been upgraded. SPDY/3.1 upgrades are refused with a 400 Status, which kubectl reports.
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { ApiError } from '../../api/errors.ts';
import type { KubeletApi } from '../contracts.ts';
import { serveContainerLogs } from './container-logs.ts';
import { pickExecProtocol, serveExec, execProtocols } from './exec-websocket.ts';
import { parseExecQuery } from './kubelet-query.ts';

export interface KubeletServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  api: KubeletApi;
  log?: (msg: string, err?: unknown) => void;
}

export interface KubeletServer {
  port: number;
  /** Stops listening, ends every log stream and exec session (the sessions' processes are killed). */
  close(): Promise<void>;
}

type Target = { namespace: string; pod: string; container: string };

/** `/{kind}/{namespace}/{pod}/{container}`, also the kubelet's `/{kind}/{namespace}/{pod}/{uid}/{container}`. */
function parseTarget(pathname: string, kind: string): Target | undefined {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== kind || (parts.length !== 4 && parts.length !== 5)) return undefined;
  return { namespace: parts[1]!, pod: parts[2]!, container: parts[parts.length - 1]! };
}

export async function startKubeletServer(opts: KubeletServerOptions): Promise<KubeletServer> {
  const log = opts.log ?? ((msg, err) => console.error(msg, err ?? ''));
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: (offered) => pickExecProtocol([...offered].join(',')) ?? false });

  const server = createServer({ requestTimeout: 0 }, (req, res) => {
    handle(req, res).catch((err) => {
      const e = toApiError(err, log);
      if (res.headersSent) res.destroy();
      else writeText(res, e.code, e.message);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const logs = parseTarget(url.pathname, 'containerLogs');
    if (logs) {
      if (req.method !== 'GET') throw new ApiError(405, 'MethodNotAllowed', `${req.method} is not allowed on ${url.pathname}`);
      return serveContainerLogs(opts.api, logs, url.searchParams, req, res);
    }
    if (parseTarget(url.pathname, 'exec')) throw ApiError.badRequest('Upgrade request required');
    writeText(res, 404, '404 page not found');
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const target = parseTarget(url.pathname, 'exec');
      if (!target) return rawReply(socket, 404, 'text/plain; charset=utf-8', '404 page not found');
      const upgrade = String(req.headers.upgrade ?? '').toLowerCase();
      if (upgrade === 'spdy/3.1') {
        const status = new ApiError(400, 'BadRequest', `SPDY/3.1 is not supported by this node agent: exec needs the WebSocket protocol (${execProtocols.join(' or ')}), which kubectl uses unless KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false`).toStatus();
        return rawReply(socket, 400, 'application/json', JSON.stringify(status));
      }
      if (upgrade !== 'websocket') return rawReply(socket, 400, 'text/plain; charset=utf-8', `unable to upgrade: unsupported protocol ${JSON.stringify(req.headers.upgrade ?? '')}`);
      const query = parseExecQuery(url.searchParams);
      const offered = req.headers['sec-websocket-protocol'];
      if (!pickExecProtocol(offered)) {
        return rawReply(socket, 400, 'text/plain; charset=utf-8', `requested protocol(s) are not supported: [${(offered ?? '').split(',').map((s) => s.trim()).filter(Boolean).join(' ')}]; supports [${execProtocols.join(' ')}]`);
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        serveExec(ws, target, query, opts.api, log).catch((err) => {
          log('exec session', err);
          ws.terminate();
        });
      });
    } catch (err) {
      const e = toApiError(err, log);
      rawReply(socket, e.code, 'text/plain; charset=utf-8', e.message);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const ws of wss.clients) ws.terminate();
      server.closeAllConnections();
      wss.close();
      await closed;
    },
  };
}

function toApiError(err: unknown, log: (msg: string, err?: unknown) => void): ApiError {
  if (err instanceof ApiError) return err;
  log('kubelet server', err);
  return ApiError.internal(err instanceof Error ? err.message : String(err));
}

function writeText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'X-Content-Type-Options': 'nosniff' });
  res.end(text);
}

/** An HTTP answer written on a socket that was handed over for an upgrade, then closed. */
function rawReply(socket: Duplex, code: number, contentType: string, body: string): void {
  socket.end(`HTTP/1.1 ${code} ${STATUS_CODES[code] ?? ''}\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
