// agnhost connect (test/images/agnhost/connect): one TCP (or UDP) connection attempt; on failure
// exits 1 with a fixed prefix the e2e tests match: REFUSED, TIMEOUT, DNS, UNKNOWN or OTHER.
import { connect as tcpConnect, isIP } from 'node:net';
import { createSocket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { goQuote } from '../lib/go.ts';
import { addrString, errnoText, udpType } from '../lib/pod.ts';
import type { Subcommand } from '../lib/subcommand.ts';

function die(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

/** net.SplitHostPort, with Go's error texts. */
function splitHostPort(dest: string): [string, string] | string {
  const bad = (why: string) => `address ${dest}: ${why}`;
  if (dest.startsWith('[')) {
    const end = dest.indexOf(']');
    if (end === -1) return bad('missing \']\' in address');
    if (dest[end + 1] !== ':') return bad('missing port in address');
    return [dest.slice(1, end), dest.slice(end + 2)];
  }
  const i = dest.lastIndexOf(':');
  if (i === -1) return bad('missing port in address');
  if (dest.slice(0, i).includes(':')) return bad('too many colons in address');
  return [dest.slice(0, i), dest.slice(i + 1)];
}

async function resolve(proto: string, dest: string): Promise<{ ip: string; port: number }> {
  const hp = splitHostPort(dest);
  if (typeof hp === 'string') die(`${proto === 'tcp' ? 'UNKNOWN' : 'DNS'}: ${hp}`);
  const [host, portText] = hp;
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) die(`DNS: lookup ${proto}/${portText}: unknown port`);
  if (host === '' || isIP(host)) return { ip: host || '127.0.0.1', port };
  try {
    return { ip: (await lookup(host)).address, port };
  } catch {
    die(`DNS: lookup ${host}: no such host`);
  }
}

function connectTCP(ip: string, port: number, dest: string, timeoutMs: number): void {
  const sock = tcpConnect({ host: ip, port });
  let timer: NodeJS.Timeout | undefined;
  if (timeoutMs > 0) timer = setTimeout(() => die('TIMEOUT'), timeoutMs);
  sock.on('connect', () => {
    clearTimeout(timer);
    sock.destroy();
    process.exit(0);
  });
  sock.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'ECONNREFUSED') die('REFUSED');
    if (e.code === 'ETIMEDOUT') die('TIMEOUT');
    die(`OTHER: dial tcp ${dest}: connect: ${errnoText[e.code ?? ''] ?? e.message}`);
  });
}

function connectUDP(ip: string, port: number, timeoutMs: number, data: string): void {
  const sock = createSocket(udpType(ip));
  let local = '';
  const remote = addrString(ip, port);
  if (timeoutMs > 0) setTimeout(() => die(`TIMEOUT: read udp ${local}->${remote}: i/o timeout`), timeoutMs);
  sock.on('message', (msg) => {
    if (msg.length === 0) die('OTHER: No data received from the server. Cannot guarantee the server received the request.');
    process.exit(0);
  });
  sock.on('error', (e: NodeJS.ErrnoException) => {
    const text = errnoText[e.code ?? ''] ?? e.message;
    if (e.code === 'ECONNREFUSED') die(`REFUSED: read udp ${local}->${remote}: read: ${text}`);
    die(`UNKNOWN: read udp ${local}->${remote}: read: ${text}`);
  });
  sock.connect(port, ip, () => {
    const a = sock.address();
    local = addrString(a.address, a.port);
    sock.send(`${data}\n`);
  });
}

export const connect: Subcommand = {
  flags: {
    timeout: { type: 'duration', default: 0 },
    protocol: { type: 'string', default: 'tcp' },
    'udp-data': { type: 'string', default: 'hostname' },
    'sctp-data': { type: 'string', default: 'hostname' },
  },
  args: { exact: 1 },
  async main({ values, positional }) {
    const dest = positional[0]!;
    const protocol = values.protocol as string;
    const timeoutMs = (values.timeout as number) / 1e6;
    if (protocol === '' || protocol === 'tcp') {
      const { ip, port } = await resolve('tcp', dest);
      connectTCP(ip, port, dest, timeoutMs);
    } else if (protocol === 'udp') {
      const { ip, port } = await resolve('udp', dest);
      connectUDP(ip, port, timeoutMs, values['udp-data'] as string);
    } else if (protocol === 'sctp') {
      die(`OTHER: SCTP is not supported by Portico (connecting to ${goQuote(dest)})`);
    } else {
      process.stderr.write(`Unsupported protocol\n%!(EXTRA string=${protocol})`);
      process.exit(1);
    }
  },
};
