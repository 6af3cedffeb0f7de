// Go's IP parsing as Kubernetes 1.32 validation uses it: k8s.io/utils/net ParseIPSloppy and
// ParseCIDRSloppy, i.e. Go's net.ParseIP / net.ParseCIDR (strict netip grammar, no zones),
// retried once after stripping leading zeros from a trailing dotted-quad. Upstream keeps the
// sloppy form so values stored before Go 1.17 (e.g. "010.0.0.1") stay valid, so we must accept
// exactly what it accepts: ipaddr.js has its own grammar (octal, short forms) and would not.
//
// Addresses are returned the way net.IP holds them: 16 bytes (IPv4 as ::ffff:a.b.c.d), and the
// predicates below mirror net.IP's methods, which treat IPv4-mapped IPv6 addresses as IPv4.

export type IP = Uint8Array;

/** netip parseIPv4Fields: exactly four decimal fields, 0-255, no leading zeros. */
function parseIPv4Fields(s: string): number[] | null {
  const fields: number[] = [];
  let val = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits === 1 && val === 0) return null; // leading zero
      val = val * 10 + (c - 48);
      digits++;
      if (val > 255) return null;
    } else if (s[i] === '.') {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.') return null;
      if (fields.length === 3) return null;
      fields.push(val);
      val = 0;
      digits = 0;
    } else return null;
  }
  if (fields.length < 3) return null;
  fields.push(val);
  return fields;
}

const hexVal = (c: string): number => {
  const n = c.charCodeAt(0);
  if (n >= 48 && n <= 57) return n - 48;
  if (n >= 97 && n <= 102) return n - 87;
  if (n >= 65 && n <= 70) return n - 55;
  return -1;
};

/** netip parseIPv6 (zones rejected, as net.ParseIP does). */
function parseIPv6(input: string): IP | null {
  if (input.includes('%')) return null;
  const ip = new Uint8Array(16);
  let s = input;
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return ip;
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const h = hexVal(s[off]!);
      if (h < 0) break;
      acc = acc * 16 + h;
      if (off > 3) return null; // more than 4 hex digits
    }
    if (off === 0) return null;
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12) return null;
      if (i + 4 > 16) return null;
      const f = parseIPv4Fields(s);
      if (!f) return null;
      ip.set(f, i);
      s = '';
      i += 4;
      break;
    }
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s.length === 0) break;
    if (s[0] !== ':' || s.length === 1) return null;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return null;
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return null;
  if (i < 16) {
    if (ellipsis < 0) return null;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j]!;
    ip.fill(0, ellipsis, ellipsis + n);
  } else if (ellipsis >= 0) return null;
  return ip;
}

/** Go net.ParseIP: netip.ParseAddr without a zone; IPv4 comes back IPv4-mapped. */
function parseIPStrict(s: string): IP | null {
  for (const c of s) {
    if (c === '.') {
      const f = parseIPv4Fields(s);
      return f ? v4(f) : null;
    }
    if (c === ':') return parseIPv6(s);
    if (c === '%') return null;
  }
  return null;
}

const v4 = (f: readonly number[]): IP => Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, f[0]!, f[1]!, f[2]!, f[3]!);

// k8s.io/utils/net matchZeros / stripZeros, applied once when the strict parse fails.
const matchZeros = /(^|:)0*(0|[1-9][0-9]*)\.0*(0|[1-9][0-9]*)\.0*(0|[1-9][0-9]*)\.0*(0|[1-9][0-9]*)((\/)0*(0|[1-9][0-9]*))?$/;
const stripZeros = (s: string) =>
  s.replace(matchZeros, (...g: (string | undefined)[]) => `${g[1] ?? ''}${g[2]}.${g[3]}.${g[4]}.${g[5]}${g[7] ?? ''}${g[8] ?? ''}`);

/** netutils.ParseIPSloppy. */
export function parseIP(s: string): IP | null {
  return parseIPStrict(s) ?? parseIPStrict(stripZeros(s));
}

/** net.IP.To4: the 4-byte form of an IPv4 (or IPv4-mapped) address, else null. */
export function to4(ip: IP): IP | null {
  if (ip.length === 4) return ip;
  for (let i = 0; i < 10; i++) if (ip[i] !== 0) return null;
  return ip[10] === 0xff && ip[11] === 0xff ? ip.subarray(12) : null;
}

/** netutils.IsIPv6String: parses, and is not IPv4 (mapped addresses count as IPv4). */
export function isIPv6String(s: string): boolean {
  const ip = parseIP(s);
  return ip !== null && to4(ip) === null;
}

export function isUnspecified(ip: IP): boolean {
  const a = to4(ip);
  return a ? a.every((b) => b === 0) : ip.every((b) => b === 0);
}

export function isLoopback(ip: IP): boolean {
  const a = to4(ip);
  if (a) return a[0] === 127;
  return ip.every((b, i) => b === (i === 15 ? 1 : 0));
}

export function isLinkLocalUnicast(ip: IP): boolean {
  const a = to4(ip);
  if (a) return a[0] === 169 && a[1] === 254;
  return ip[0] === 0xfe && (ip[1]! & 0xc0) === 0x80;
}

export function isLinkLocalMulticast(ip: IP): boolean {
  const a = to4(ip);
  if (a) return a[0] === 224 && a[1] === 0 && a[2] === 0;
  return ip[0] === 0xff && (ip[1]! & 0x0f) === 0x02;
}

/** A parsed CIDR as net.IPNet holds it: IP and mask of 4 bytes (IPv4) or 16. */
export interface IPNet {
  ip: IP;
  mask: Uint8Array;
}

function cidrMask(ones: number, bits: number): Uint8Array {
  const m = new Uint8Array(bits / 8);
  for (let i = 0; i < m.length; i++) {
    const take = Math.max(0, Math.min(8, ones - i * 8));
    m[i] = (0xff << (8 - take)) & 0xff;
  }
  return m;
}

/** Go net.ParseCIDR: netip address (no zone) + decimal prefix length within the family size. */
function parseCIDRStrict(s: string): IPNet | null {
  const slash = s.indexOf('/');
  if (slash < 0) return null;
  const addr = s.slice(0, slash);
  const maskText = s.slice(slash + 1);
  const ip = parseIPStrict(addr);
  if (!ip) return null;
  // netip's Is4() is true only for dotted-quad input; "::ffff:1.2.3.4" stays a 128-bit address.
  const isPlain4 = !addr.includes(':');
  const bits = isPlain4 ? 32 : 128;
  // dtoi: decimal digits only (leading zeros allowed), no sign.
  if (!/^[0-9]+$/.test(maskText)) return null;
  const ones = Number(maskText);
  if (ones > bits) return null;
  const mask = cidrMask(ones, bits);
  const base = isPlain4 ? to4(ip)! : ip;
  return { ip: base.map((b, i) => b & mask[i]!), mask };
}

/** netutils.ParseCIDRSloppy. */
export function parseCIDR(s: string): IPNet | null {
  return parseCIDRStrict(s) ?? parseCIDRStrict(stripZeros(s));
}

/** net.IPNet.Contains, including its IPv4-mapped handling. */
export function cidrContains(n: IPNet, ipIn: IP): boolean {
  let nn = to4(n.ip) ?? n.ip;
  let m = n.mask;
  if (m.length === 16 && nn.length === 4) m = m.subarray(12);
  else if (m.length === 4 && nn.length === 16) return false;
  if (nn.length !== m.length) return false;
  const ip = to4(ipIn) ?? ipIn;
  if (ip.length !== nn.length) return false;
  for (let i = 0; i < ip.length; i++) if ((nn[i]! & m[i]!) !== (ip[i]! & m[i]!)) return false;
  return true;
}
