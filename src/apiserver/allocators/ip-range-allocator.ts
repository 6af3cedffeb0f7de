// ClusterIP allocation out of one service CIDR (upstream ipallocator/bitmap.go, Range).
//
//   CIDR 10.0.0.0/24: 256 addresses, 254 usable
//   10.0.0.0 (network, never handed out) | 10.0.0.1 ... 10.0.0.254 | 10.0.0.255 (broadcast, IPv4 only)
//                                          offset 0 ... offset 253 of the bitmap
//
// The network address and the IPv4 broadcast address are left out of the bitmap rather than
// allocated, so that no release can ever free them. IPv6 ranges are capped at 65536 addresses
// (like upstream's bitmap), so a /64 hands out ::1 to ::ffff only.
import { AllocationBitmap } from './allocation-bitmap.ts';
import { ipAlreadyAllocated, ipNotInRange, rangeFull } from './allocation-errors.ts';
import { formatIP, parseCIDR, parseIP, type IPFamily, type ParsedCIDR } from './ip-address.ts';

export const DEFAULT_SERVICE_CIDR = '127.96.0.0/16';

/** Upstream caps IPv6 bitmaps at this many addresses, since the bitmap is kept in memory. */
export const MAX_IPV6_RANGE = 65536;

/**
 * netutils.RangeSize: addresses in the CIDR, capped at 2^63-1. It answers 0 for /0 and /1 (IPv4)
 * and /0 and /1 (IPv6) — upstream's guard against ranges too big to count — so those are unusable.
 */
export function cidrRangeSize(cidr: ParsedCIDR): bigint {
  const hostBits = cidr.bits - cidr.prefix;
  if ((cidr.bits === 32 && hostBits >= 31) || (cidr.bits === 128 && hostBits >= 127)) return 0n;
  if (hostBits >= 63) return (1n << 63n) - 1n;
  return 1n << BigInt(hostBits);
}

/**
 * Size of the static band (calculateRangeOffset in ipallocator/bitmap.go, KEP-3070):
 * min(max(16, cidrSize/16), 256), and 0 when the CIDR has 16 addresses or fewer.
 */
export function calculateIPRangeOffset(cidr: ParsedCIDR): number {
  const min = 16n;
  const max = 256n;
  const step = 16n;
  const cidrSize = cidrRangeSize(cidr);
  if (cidrSize <= min) return 0;
  const offset = cidrSize / step;
  if (offset < min) return Number(min);
  if (offset > max) return Number(max);
  return Number(offset);
}

export interface IPRangeAllocatorOptions {
  /** Source of randomness for the starting point of dynamic allocation (tests pass a seeded one). */
  random?: () => number;
}

export class IPRangeAllocator {
  /** The CIDR in canonical form, as it appears in error messages. */
  readonly cidr: string;
  readonly family: IPFamily;
  private readonly parsed: ParsedCIDR;
  /** Address of bitmap offset 0: the network address + 1. */
  private readonly base: bigint;
  private readonly bitmap: AllocationBitmap;

  constructor(cidr: string = DEFAULT_SERVICE_CIDR, options: IPRangeAllocatorOptions = {}) {
    const parsed = parseCIDR(cidr);
    if (!parsed) throw new Error(`invalid service CIDR ${JSON.stringify(cidr)}: must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`);
    this.parsed = parsed;
    this.cidr = parsed.text;
    this.family = parsed.family;
    let max = cidrRangeSize(parsed);
    if (parsed.family === 'IPv6') {
      if (max > BigInt(MAX_IPV6_RANGE)) max = BigInt(MAX_IPV6_RANGE);
    } else {
      max--; // the broadcast address
    }
    max--; // the network address
    if (max < 0n) max = 0n;
    this.base = parsed.network + 1n;
    const size = Number(max);
    // A band as large as the whole range would leave nothing dynamic; upstream never gets there
    // (offset <= size/16), but a tiny /28 has a 0 offset anyway.
    const offset = Math.min(calculateIPRangeOffset(parsed), Math.max(0, size - 1));
    this.bitmap = new AllocationBitmap(size, offset, options.random);
  }

  /** Usable addresses in the range. */
  get size(): number {
    return this.bitmap.size;
  }

  /** Addresses at the start of the range that dynamic allocation uses last. */
  get staticBandSize(): number {
    return this.bitmap.staticBandSize;
  }

  free(): number {
    return this.bitmap.free;
  }

  used(): number {
    return this.bitmap.used;
  }

  /** Reserves `ip`; throws AllocationError NotInRange or Allocated. */
  allocate(ip: string): void {
    const offset = this.offsetOf(ip);
    if (offset < 0) throw ipNotInRange(this.printable(ip), this.cidr);
    if (!this.bitmap.allocate(offset)) throw ipAlreadyAllocated();
  }

  /** Reserves a free address, from the upper band first; throws AllocationError Full. */
  allocateNext(): string {
    const offset = this.bitmap.allocateNext();
    if (offset < 0) throw rangeFull();
    return this.ipAt(offset);
  }

  /** Frees `ip`; a free or out-of-range address is a no-op, as upstream. */
  release(ip: string): void {
    const offset = this.offsetOf(ip);
    if (offset >= 0) this.bitmap.release(offset);
  }

  has(ip: string): boolean {
    const offset = this.offsetOf(ip);
    return offset >= 0 && this.bitmap.has(offset);
  }

  /** True when `ip` is one this range could hand out (not network, broadcast or past the cap). */
  contains(ip: string): boolean {
    return this.offsetOf(ip) >= 0;
  }

  /** True when `ip` lies in the static (lower) band. */
  inStaticBand(ip: string): boolean {
    const offset = this.offsetOf(ip);
    return offset >= 0 && offset < this.bitmap.staticBandSize;
  }

  forEach(fn: (ip: string) => void): void {
    this.bitmap.forEach((offset) => fn(this.ipAt(offset)));
  }

  /** Frees every address (rebuild from stored Services starts here). */
  clear(): void {
    this.bitmap.clear();
  }

  /** The n-th address of the CIDR (netutils.GetIndexedIP): 1 is the `kubernetes` Service's. */
  indexedIP(n: number): string {
    return indexedIP(this.parsed, n);
  }

  /** The address at bitmap offset `offset` (IPv4 without BigInt: this is the hot path). */
  private ipAt(offset: number): string {
    if (this.family === 'IPv4') {
      const v = Number(this.base) + offset;
      return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
    }
    return formatIP(this.family, this.base + BigInt(offset));
  }

  /** Bitmap offset of `ip`, or -1 when it is not an address of this range. */
  private offsetOf(ip: string): number {
    const parsed = parseIP(ip);
    if (!parsed || parsed.family !== this.family) return -1;
    const delta = parsed.value - this.base;
    if (delta < 0n || delta >= BigInt(this.bitmap.size)) return -1;
    return Number(delta);
  }

  /** Go prints the parsed net.IP in ErrNotInRange; fall back to the raw text when unparsable. */
  private printable(ip: string): string {
    const parsed = parseIP(ip);
    return parsed ? formatIP(parsed.family, parsed.value) : ip;
  }
}

/** netutils.GetIndexedIP: network address + n; throws when n falls outside the CIDR. */
export function indexedIP(cidr: ParsedCIDR | string, n: number): string {
  const parsed = typeof cidr === 'string' ? parseCIDR(cidr) : cidr;
  if (!parsed) throw new Error(`invalid CIDR ${JSON.stringify(cidr)}`);
  const size = 1n << BigInt(parsed.bits - parsed.prefix);
  if (!Number.isInteger(n) || n < 0 || BigInt(n) >= size) throw new Error(`can't generate IP with index ${n} from subnet. subnet too small. subnet: ${parsed.text}`);
  return formatIP(parsed.family, parsed.network + BigInt(n));
}

/** The `kubernetes` Service's ClusterIP: the first usable address of the service CIDR. */
export function kubernetesServiceIP(cidr: string = DEFAULT_SERVICE_CIDR): string {
  return indexedIP(cidr, 1);
}

/** The cluster DNS Service's ClusterIP: the 10th address, as kubeadm picks it (10.96.0.10). */
export function clusterDNSIP(cidr: string = DEFAULT_SERVICE_CIDR): string {
  return indexedIP(cidr, 10);
}
