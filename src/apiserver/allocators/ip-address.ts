// IP parsing and printing with Go's net semantics, which decide what a Service's clusterIP means:
// IPv4 accepts leading zeros as decimal (netutils.ParseIPSloppy), an IPv4-mapped IPv6 address is
// IPv4 (net.IP.To4), zones are not IPs, and IPv6 prints in RFC 5952 form (net.IP.String).
import ipaddr from 'ipaddr.js';

export type IPFamily = 'IPv4' | 'IPv6';

export interface ParsedIP {
  family: IPFamily;
  /** The address as an unsigned integer (32 or 128 bits). */
  value: bigint;
}

const ipv4Re = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseIPv4(s: string): bigint | undefined {
  const m = ipv4Re.exec(s);
  if (!m) return undefined;
  let v = 0n;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return undefined;
    v = (v << 8n) | BigInt(octet);
  }
  return v;
}

/** Parses an IP the way netutils.ParseIPSloppy does; undefined when it is not an IP. */
export function parseIP(s: string): ParsedIP | undefined {
  if (typeof s !== 'string' || s === '') return undefined;
  const v4 = parseIPv4(s);
  if (v4 !== undefined) return { family: 'IPv4', value: v4 };
  if (!s.includes(':') || s.includes('%') || !ipaddr.IPv6.isValid(s)) return undefined;
  const addr = ipaddr.IPv6.parse(s);
  if (addr.isIPv4MappedAddress()) {
    const b = addr.toIPv4Address().toByteArray();
    return { family: 'IPv4', value: bytesToBig(b) };
  }
  return { family: 'IPv6', value: bytesToBig(addr.toByteArray()) };
}

/** Upstream familyOf: "IPv4", "IPv6", or undefined for garbage. */
export function familyOf(ip: string): IPFamily | undefined {
  return parseIP(ip)?.family;
}

export function formatIP(family: IPFamily, value: bigint): string {
  if (family === 'IPv4') {
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  }
  const bytes: number[] = [];
  for (let shift = 120n; shift >= 0n; shift -= 8n) bytes.push(Number((value >> shift) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

function bytesToBig(bytes: readonly number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

export interface ParsedCIDR {
  family: IPFamily;
  /** The network address (host bits cleared, as net.ParseCIDR returns it). */
  network: bigint;
  prefix: number;
  /** Address bits: 32 or 128. */
  bits: number;
  /** Canonical text, e.g. "127.96.0.0/16" (net.IPNet.String). */
  text: string;
}

export function parseCIDR(s: string): ParsedCIDR | undefined {
  if (typeof s !== 'string') return undefined;
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIP(s.slice(0, slash));
  const prefixText = s.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const bits = ip.family === 'IPv4' ? 32 : 128;
  const prefix = Number(prefixText);
  if (prefix > bits) return undefined;
  const hostBits = BigInt(bits - prefix);
  const network = (ip.value >> hostBits) << hostBits;
  return { family: ip.family, network, prefix, bits, text: `${formatIP(ip.family, network)}/${prefix}` };
}
