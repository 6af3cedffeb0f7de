// A fixed-size bitmap of allocatable slots split into two bands, the storage behind both the
// ClusterIP and the NodePort allocator (upstream pkg/registry/core/service/allocator/bitmap.go).
//
// Offsets [0, staticBandSize) are the *static* band (KEP-3070 / KEP-3668): dynamic allocation
// leaves it alone until the upper band is full, so users who pick their own ClusterIP or nodePort
// there rarely collide with one handed out automatically.
//
// Upstream picks a random start and scans bit by bit, which gets slower as the range fills. Here
// each band keeps a rotating cursor and the search skips whole 32-slot words that are full, using
// a second-level summary (one bit per word), so one search costs at most size/1024 summary reads
// plus a couple of word reads, whatever the fill level. The rotating cursor also means a slot
// that was just released is handed out again only after the rest of the band has been used, which
// keeps a deleted Service's ClusterIP out of stale client caches and conntrack entries for as
// long as possible.

const FULL = 0xffffffff;

/** Index of the lowest set bit of a non-zero 32-bit value. */
function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

export class AllocationBitmap {
  /** Number of allocatable slots. */
  readonly size: number;
  /** Slots [0, staticBandSize) are used by allocateNext only once the upper band is full. */
  readonly staticBandSize: number;
  private readonly words: Uint32Array;
  /** Bit w is set when words[w] is full (including the padding bits past `size`). */
  private readonly fullWords: Uint32Array;
  private count = 0;
  private upperCursor: number;
  private lowerCursor: number;

  constructor(size: number, staticBandSize: number, random: () => number = Math.random) {
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`bitmap size must be a non-negative integer, got ${size}`);
    if (!Number.isInteger(staticBandSize) || staticBandSize < 0 || (size > 0 && staticBandSize >= size) || (size === 0 && staticBandSize !== 0)) {
      throw new RangeError(`static band size ${staticBandSize} must be smaller than the range size ${size}`);
    }
    this.size = size;
    this.staticBandSize = staticBandSize;
    const nWords = Math.max(1, Math.ceil(size / 32));
    this.words = new Uint32Array(nWords);
    this.fullWords = new Uint32Array(Math.ceil(nWords / 32));
    this.markPadding();
    // Start each band at a random place, as upstream's random scan does, so that two clusters
    // (or two restarts of one) do not hand out the same sequence of addresses.
    const upperSize = size - staticBandSize;
    this.upperCursor = staticBandSize + Math.floor(random() * upperSize);
    this.lowerCursor = Math.floor(random() * staticBandSize);
  }

  /** Padding bits past `size` (and summary bits past the last word) count as taken. */
  private markPadding(): void {
    const nWords = this.words.length;
    for (let i = this.size; i < nWords * 32; i++) this.words[i >>> 5]! |= 1 << (i & 31);
    for (let w = 0; w < nWords; w++) if (this.words[w] === FULL) this.fullWords[w >>> 5]! |= 1 << (w & 31);
    for (let w = nWords; w < this.fullWords.length * 32; w++) this.fullWords[w >>> 5]! |= 1 << (w & 31);
  }

  get used(): number {
    return this.count;
  }

  get free(): number {
    return this.size - this.count;
  }

  has(offset: number): boolean {
    if (!this.inRange(offset)) return false;
    return (this.words[offset >>> 5]! & (1 << (offset & 31))) !== 0;
  }

  /** Marks `offset` taken. False when it already was (or lies outside the bitmap). */
  allocate(offset: number): boolean {
    if (!this.inRange(offset) || this.has(offset)) return false;
    this.set(offset);
    return true;
  }

  /** Takes a free slot, preferring the upper band; -1 when the bitmap is full. */
  allocateNext(): number {
    if (this.count >= this.size) return -1;
    const upper = this.findFreeWrapping(this.staticBandSize, this.size, this.upperCursor);
    if (upper >= 0) {
      this.set(upper);
      this.upperCursor = upper + 1 >= this.size ? this.staticBandSize : upper + 1;
      return upper;
    }
    const lower = this.findFreeWrapping(0, this.staticBandSize, this.lowerCursor);
    if (lower >= 0) {
      this.set(lower);
      this.lowerCursor = lower + 1 >= this.staticBandSize ? 0 : lower + 1;
      return lower;
    }
    return -1;
  }

  /** Frees `offset`; releasing a free or out-of-range slot is a no-op, as upstream. */
  release(offset: number): boolean {
    if (!this.has(offset)) return false;
    const w = offset >>> 5;
    this.words[w]! &= ~(1 << (offset & 31));
    this.fullWords[w >>> 5]! &= ~(1 << (w & 31));
    this.count--;
    return true;
  }

  /** Calls fn for every taken slot, in ascending order. */
  forEach(fn: (offset: number) => void): void {
    for (let w = 0; w < this.words.length; w++) {
      let word = this.words[w]!;
      while (word !== 0) {
        const bit = lowestBit(word);
        const offset = (w << 5) + bit;
        if (offset >= this.size) return;
        fn(offset);
        word &= word - 1;
      }
    }
  }

  /** Frees everything (used when rebuilding from stored objects). */
  clear(): void {
    this.words.fill(0);
    this.fullWords.fill(0);
    this.count = 0;
    this.markPadding();
  }

  private inRange(offset: number): boolean {
    return Number.isInteger(offset) && offset >= 0 && offset < this.size;
  }

  private set(offset: number): void {
    const w = offset >>> 5;
    this.words[w]! |= 1 << (offset & 31);
    if (this.words[w] === FULL) this.fullWords[w >>> 5]! |= 1 << (w & 31);
    this.count++;
  }

  /** First free slot in [start, end) then in [lo, start); -1 when [lo, end) is full. */
  private findFreeWrapping(lo: number, end: number, start: number): number {
    if (lo >= end) return -1;
    const s = start < lo || start >= end ? lo : start;
    const a = this.findFree(s, end);
    return a >= 0 ? a : this.findFree(lo, s);
  }

  /** First free slot in [from, to), or -1. */
  private findFree(from: number, to: number): number {
    let i = from;
    while (i < to) {
      const w = i >>> 5;
      const word = this.words[w]!;
      if (word === FULL) {
        i = this.nextNonFullWord(w + 1) << 5;
        continue;
      }
      // Free bits of this word at or after bit (i & 31).
      const candidates = ~word & (FULL << (i & 31));
      if (candidates !== 0) {
        const found = (w << 5) + lowestBit(candidates);
        return found < to ? found : -1;
      }
      i = (w + 1) << 5;
    }
    return -1;
  }

  /** Index of the first word at or after `w` that has a free bit (words.length when none). */
  private nextNonFullWord(w: number): number {
    const nWords = this.words.length;
    if (w >= nWords) return nWords;
    let s = w >>> 5;
    let candidates = ~this.fullWords[s]! & (FULL << (w & 31));
    for (;;) {
      if (candidates !== 0) return Math.min(nWords, (s << 5) + lowestBit(candidates));
      s++;
      if (s >= this.fullWords.length) return nWords;
      candidates = ~this.fullWords[s]!;
    }
  }
}
