// NodePort (and health-check NodePort) allocation out of --service-node-port-range (upstream
// portallocator/allocator.go). One cluster-wide bitmap of port *numbers*: the protocol is not part
// of the key, so TCP 30080 on one Service blocks UDP 30080 on another.
import { AllocationBitmap } from './allocation-bitmap.ts';
import { portAlreadyAllocated, portNotInRange, rangeFull } from './allocation-errors.ts';
import { DEFAULT_NODE_PORT_RANGE, formatPortRange, parsePortRange, portRangeContains, type PortRange } from './port-range.ts';

/**
 * Size of the static band (calculateRangeOffset in portallocator/allocator.go, KEP-3668):
 * min(max(16, rangeSize/32), 128), and 0 when the range has 16 ports or fewer.
 * The default 30000-32767 (2768 ports) gives 86: 30000-30085 static, 30086-32767 dynamic.
 */
export function calculatePortRangeOffset(pr: PortRange): number {
  const min = 16;
  const max = 128;
  const step = 32;
  if (pr.size <= min) return 0;
  const offset = Math.floor(pr.size / step);
  if (offset < min) return min;
  if (offset > max) return max;
  return offset;
}

export interface PortRangeAllocatorOptions {
  random?: () => number;
}

export class PortRangeAllocator {
  readonly range: PortRange;
  /** "30000-32767", as error messages print it. */
  readonly rangeText: string;
  private readonly bitmap: AllocationBitmap;

  constructor(range: string | PortRange = DEFAULT_NODE_PORT_RANGE, options: PortRangeAllocatorOptions = {}) {
    this.range = typeof range === 'string' ? parsePortRange(range) : { ...range };
    this.rangeText = formatPortRange(this.range);
    this.bitmap = new AllocationBitmap(this.range.size, calculatePortRangeOffset(this.range), options.random);
  }

  get size(): number {
    return this.bitmap.size;
  }

  get staticBandSize(): number {
    return this.bitmap.staticBandSize;
  }

  free(): number {
    return this.bitmap.free;
  }

  used(): number {
    return this.bitmap.used;
  }

  /** Reserves `port`; throws AllocationError NotInRange or Allocated. */
  allocate(port: number): void {
    if (!portRangeContains(this.range, port)) throw portNotInRange(this.rangeText);
    if (!this.bitmap.allocate(port - this.range.base)) throw portAlreadyAllocated();
  }

  /** Reserves a free port, from the upper band first; throws AllocationError Full. */
  allocateNext(): number {
    const offset = this.bitmap.allocateNext();
    if (offset < 0) throw rangeFull();
    return this.range.base + offset;
  }

  /** Frees `port`; a free or out-of-range port is a no-op, as upstream. */
  release(port: number): void {
    if (portRangeContains(this.range, port)) this.bitmap.release(port - this.range.base);
  }

  has(port: number): boolean {
    return portRangeContains(this.range, port) && this.bitmap.has(port - this.range.base);
  }

  contains(port: number): boolean {
    return portRangeContains(this.range, port);
  }

  inStaticBand(port: number): boolean {
    return portRangeContains(this.range, port) && port - this.range.base < this.bitmap.staticBandSize;
  }

  forEach(fn: (port: number) => void): void {
    this.bitmap.forEach((offset) => fn(this.range.base + offset));
  }

  clear(): void {
    this.bitmap.clear();
  }
}
