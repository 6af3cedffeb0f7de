// What a built-in program learns from its pod: the address to bind and the hostname. Process
// pods share the host's network stack, so each binds its pod's own IP (POD_IP, set by the
// kubelet) instead of every address, which would collide with the other pods.
import { hostname as osHostname } from 'node:os';
import { isIPv6 } from 'node:net';

/** The pod IP to bind, or undefined to bind every address (no POD_IP, as outside a pod). */
export function podIP(): string | undefined {
  const ip = process.env.POD_IP?.trim();
  return ip ? ip : undefined;
}

/** os.Hostname() inside the pod: the kubelet's HOSTNAME (the pod's hostname), else the host's. */
export function podHostname(): string {
  return process.env.HOSTNAME || osHostname();
}

/** The UDP socket family for an address (IPv4 when binding every address). */
export function udpType(address: string | undefined): 'udp4' | 'udp6' {
  return address && isIPv6(address) ? 'udp6' : 'udp4';
}

/** Go's net.Addr.String(): `1.2.3.4:80`, `[::1]:80`; IPv4-mapped IPv6 shown as IPv4. */
export function addrString(address: string | undefined, port: number | undefined): string {
  let a = address ?? '';
  if (a.startsWith('::ffff:') && a.includes('.')) a = a.slice(7);
  return isIPv6(a) ? `[${a}]:${port}` : `${a}:${port}`;
}

/** Go's syscall error text for the errno codes a listen or connect can fail with. */
export const errnoText: Record<string, string> = {
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'cannot assign requested address',
  EACCES: 'permission denied',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by peer',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  ETIMEDOUT: 'connection timed out',
  EPERM: 'operation not permitted',
};

/** `listen tcp 127.0.0.1:80: bind: address already in use`, as Go's net.Listen reports it. */
export function listenError(proto: 'tcp' | 'udp', address: string | undefined, port: number, err: NodeJS.ErrnoException): string {
  const text = errnoText[err.code ?? ''] ?? err.message;
  return `listen ${proto} ${addrString(address ?? '', port)}: bind: ${text}`;
}
