// netexec's /dial: the pod makes requests to another host:port (HTTP GET of /<request>, or
// one UDP datagram) and reports what came back; the e2e connectivity checks run through it.
import { request as httpRequest } from 'node:http';
import { createSocket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { addrString, errnoText, udpType } from '../lib/pod.ts';

export interface DialAddr {
  ip: string;
  port: number;
}

/** net.ResolveTCPAddr / ResolveUDPAddr for host and port, or Go's error text. */
export async function resolveAddr(proto: 'tcp' | 'udp', host: string, port: string): Promise<DialAddr | { error: string }> {
  const p = /^\d+$/.test(port) ? Number(port) : port === '' ? 0 : NaN;
  if (!Number.isInteger(p) || p > 65535) return { error: `lookup ${proto}/${port}: unknown port` };
  if (host === '' || isIP(host)) return { ip: host === '' ? '0.0.0.0' : host, port: p };
  try {
    const r = await lookup(host, { family: 0 });
    return { ip: r.address, port: p };
  } catch {
    return { error: `lookup ${host}: no such host` };
  }
}

const TIMEOUT_MS = 5000;

/** dialHTTP: GET http://<addr>/<request> with a 5s client timeout; the body, whatever the status. */
export function dialHTTP(request: string, addr: DialAddr): Promise<{ ok: string } | { error: string }> {
  const hostPort = addrString(addr.ip, addr.port);
  const url = `http://${hostPort}/${request}`;
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: { ok: string } | { error: string }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(r);
    };
    let req: ReturnType<typeof httpRequest>;
    try {
      req = httpRequest(url, { agent: false, headers: { 'User-Agent': 'Go-http-client/1.1', 'Accept-Encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => finish({ ok: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (e) => finish({ error: `Get ${JSON.stringify(url)}: ${e.message}` }));
      });
    } catch (e) {
      resolve({ error: `parse ${JSON.stringify(url)}: ${(e as Error).message}` });
      return;
    }
    const timer = setTimeout(() => {
      finish({ error: `Get ${JSON.stringify(url)}: context deadline exceeded (Client.Timeout exceeded while awaiting headers)` });
      req.destroy();
    }, TIMEOUT_MS);
    req.on('error', (e: NodeJS.ErrnoException) => {
      const text = errnoText[e.code ?? ''];
      if (e.code === 'ECONNRESET' && !text) finish({ error: `Get ${JSON.stringify(url)}: EOF` });
      else finish({ error: `Get ${JSON.stringify(url)}: dial tcp ${hostPort}: connect: ${text ?? e.message}` });
    });
    req.end();
  });
}

/** dialUDP: one datagram out, the first reply back within 5s. */
export function dialUDP(request: string, addr: DialAddr): Promise<{ ok: string } | { error: string }> {
  return new Promise((resolve) => {
    const sock = createSocket(udpType(addr.ip));
    let done = false;
    let local = '';
    const remote = addrString(addr.ip, addr.port);
    const finish = (r: { ok: string } | { error: string }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.close();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ error: `reading from udp connection failed. err:'read udp ${local}->${remote}: i/o timeout'` }), TIMEOUT_MS);
    sock.on('message', (msg) => {
      if (msg.length === 0) finish({ error: "reading from udp connection failed. err:'<nil>'" });
      else finish({ ok: msg.subarray(0, 2048).toString('utf8') });
    });
    sock.on('error', (e: NodeJS.ErrnoException) => {
      const text = errnoText[e.code ?? ''] ?? e.message;
      finish({ error: `reading from udp connection failed. err:'read udp ${local}->${remote}: read: ${text}'` });
    });
    sock.connect(addr.port, addr.ip, () => {
      const a = sock.address();
      local = addrString(a.address, a.port);
      sock.send(request);
    });
  });
}
