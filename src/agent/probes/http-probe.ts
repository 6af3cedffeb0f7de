// httpGet probe, as upstream pkg/probe/http with the kubelet's client: TLS without
// verification, no keep-alive, one deadline for the whole exchange, redirects followed only
// while they stay on the first request's host (anything else ends the probe with the 3xx,
// which counts as success with a warning), at most 10 redirects, at most 10 KiB of body read.
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { dialError, dialTimeout, goQuote, joinHostPort } from './go-format.ts';
import type { ProbeOutcome } from './types.ts';

/** The version part of upstream's `kube-probe/<major>.<minor>` User-Agent. */
export const kubeProbeUserAgent = 'kube-probe/1.32';

const maxBodyBytes = 10 * 1024;
const maxRedirects = 10;
const redirectCodes = new Set([301, 302, 303, 307, 308]);

export interface HttpProbeSpec {
  scheme: string;
  host: string;
  port: number;
  path: string;
  headers: ReadonlyArray<{ name: string; value: string }>;
  timeoutMs: number;
}

/** formatURL: the path may carry a query; a path without a leading slash gets one. */
export function probeURL(scheme: string, host: string, port: number, path: string): string {
  const p = path === '' || path.startsWith('/') ? path : `/${path}`;
  return `${scheme}://${joinHostPort(host, port)}${p}`;
}

/** textproto.CanonicalMIMEHeaderKey: `x-custom-header` → `X-Custom-Header`. */
function canonicalHeaderKey(name: string): string {
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

/** The request headers as upstream's newProbeRequest builds them, and the Host override. */
export function probeHeaders(list: HttpProbeSpec['headers']): { headers: Record<string, string[]>; host?: string } {
  const headers: Record<string, string[]> = {};
  for (const { name, value } of list) (headers[canonicalHeaderKey(name)] ??= []).push(value);
  headers['User-Agent'] ??= [kubeProbeUserAgent];
  if (!headers['Accept']) headers['Accept'] = ['*/*'];
  else if (headers['Accept'][0] === '') delete headers['Accept'];
  // Go sends req.Host as the Host header and never a Host entry of the header map.
  const host = headers['Host']?.[0];
  delete headers['Host'];
  return { headers, host: host || undefined };
}

interface Exchange {
  status: number;
  location?: string;
  body: string;
}

class ProbeTimeout extends Error {}

export async function httpProbe(spec: HttpProbeSpec): Promise<ProbeOutcome> {
  const first = probeURL(spec.scheme, spec.host, spec.port, spec.path);
  let url: URL;
  try {
    url = new URL(first);
  } catch (e) {
    return { result: 'failure', message: `parse ${goQuote(first)}: ${(e as Error).message}`, error: true };
  }
  const { headers, host: hostOverride } = probeHeaders(spec.headers);
  const deadline = Date.now() + spec.timeoutMs;
  const via: URL[] = [];
  let hostHeader = hostOverride ?? joinHostPort(spec.host, spec.port);
  let shown = first;
  for (;;) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return failure(shown, `unsupported protocol scheme ${goQuote(url.protocol.slice(0, -1))}`);
    }
    let ex: Exchange;
    try {
      ex = await exchange(url, headers, hostHeader, deadline - Date.now());
    } catch (e) {
      if (e instanceof ProbeTimeout && e.message.startsWith('body:')) return { result: 'failure', message: e.message.slice(5), error: true };
      return failure(shown, (e as Error).message);
    }
    via.push(url);
    if (!redirectCodes.has(ex.status) || !ex.location) return judge(ex);
    let next: URL;
    try {
      next = new URL(ex.location, url);
    } catch (e) {
      return failure(shown, `failed to parse Location header ${goQuote(ex.location)}: ${(e as Error).message}`);
    }
    // upstream RedirectChecker(followNonLocalRedirects=false): another host ends the chain
    // with the redirect response itself.
    if (next.hostname !== via[0]!.hostname) return judge(ex);
    if (via.length >= maxRedirects) return failure(shown, `stopped after ${maxRedirects} redirects`);
    // Go keeps a custom Host only through relative redirects.
    if (hostOverride === undefined || /^[a-z][a-z0-9+.-]*:/i.test(ex.location)) hostHeader = next.host;
    url = next;
    shown = next.href;
  }
}

function failure(url: string, err: string): ProbeOutcome {
  return { result: 'failure', message: `Get ${goQuote(url)}: ${err}` };
}

function judge(ex: Exchange): ProbeOutcome {
  if (ex.status >= 200 && ex.status < 400) {
    if (ex.status >= 300) return { result: 'success', warning: true, message: `Probe terminated redirects, Response body: ${ex.body}` };
    return { result: 'success', message: ex.body };
  }
  return { result: 'failure', message: `HTTP probe failed with statuscode: ${ex.status}` };
}

/** One GET; rejects with the Go-worded error text (without the `Get "url": ` prefix). */
function exchange(url: URL, headers: Record<string, string[]>, host: string, timeoutMs: number): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const options = {
      hostname,
      port,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: { ...headers, Host: host },
      agent: false as const,
      setHost: false,
      rejectUnauthorized: false,
    };
    let req: ClientRequest;
    let socket: Socket | undefined;
    let connected = false;
    let phase: 'headers' | 'body' = 'headers';
    let done = false;
    const settle = (fn: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      fn();
      req.destroy();
    };
    const timer = setTimeout(() => {
      settle(() => {
        if (phase === 'body') reject(new ProbeTimeout('body:context deadline exceeded (Client.Timeout or context cancellation while reading body)'));
        else if (!connected) reject(new ProbeTimeout(`${dialTimeout(hostname, port)} (Client.Timeout exceeded while awaiting headers)`));
        else reject(new ProbeTimeout('context deadline exceeded (Client.Timeout exceeded while awaiting headers)'));
      });
    }, Math.max(0, timeoutMs));
    const onResponse = (res: IncomingMessage) => {
      phase = 'body';
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      // A hop's body is read too (within the limit): if the chain ends at this response
      // because it points at another host, the body is part of the warning message.
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => settle(() => resolve({ status, location, body: Buffer.concat(chunks).subarray(0, maxBodyBytes).toString() }));
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        // Past the limit: stop reading and close, as ReadAtMost (a non-fatal truncation).
        if (size >= maxBodyBytes) finish();
      });
      res.once('end', finish);
      res.once('error', finish);
      res.once('aborted', finish);
    };
    try {
      req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(options, onResponse);
    } catch (e) {
      clearTimeout(timer);
      reject(e);
      return;
    }
    req.once('socket', (s: Socket) => {
      socket = s;
      s.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => (connected = true));
      s.once('connect', () => (connected = true));
    });
    req.once('error', (err: NodeJS.ErrnoException) => settle(() => reject(new Error(goError(err, hostname, port, connected, socket)))));
    req.end();
  });
}

/** Node's client error in the words Go's transport would use. */
function goError(err: NodeJS.ErrnoException, host: string, port: number, connected: boolean, socket: Socket | undefined): string {
  if (!connected && err.syscall !== 'read' && err.message !== 'socket hang up') return dialError(host, port, err);
  if (err.message === 'socket hang up') return 'EOF';
  if (err.code === 'ECONNRESET') {
    const local = socket?.localAddress ? joinHostPort(socket.localAddress, socket.localPort ?? 0) : '';
    return `read tcp ${local}->${joinHostPort(host, port)}: read: connection reset by peer`;
  }
  if (err.code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number/.test(err.message)) {
    return 'tls: first record does not look like a TLS handshake';
  }
  return err.message;
}
