// Entries kept sorted by key, as a list of small sorted chunks (a one-level B-tree).
// Lists read contiguous key ranges, so keys must stay ordered without sorting per list.
// A single sorted array would make each insert an O(n) splice (seconds for 10^5 random
// creates); chunks bound that to O(log n + CHUNK) while a range scan stays a plain walk.
// The index holds the entries themselves, so a scan needs no lookup per key.
// Ordering is JavaScript string order (UTF-16 code units), the same order `<` uses.

const MAX_CHUNK = 512;

export class SortedIndex<E extends { readonly key: string }> {
  /** Non-empty sorted chunks; every key in chunk i sorts before every key in chunk i+1. */
  #chunks: E[][] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Builds the index from entries with distinct keys in any order (a snapshot load). */
  static from<E extends { readonly key: string }>(entries: Iterable<E>): SortedIndex<E> {
    const sorted = [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const index = new SortedIndex<E>();
    for (let i = 0; i < sorted.length; i += MAX_CHUNK / 2) index.#chunks.push(sorted.slice(i, i + MAX_CHUNK / 2));
    index.#size = sorted.length;
    return index;
  }

  /** Adds entry; returns false (and changes nothing) when its key is already present. */
  insert(entry: E): boolean {
    if (this.#chunks.length === 0) {
      this.#chunks.push([entry]);
      this.#size = 1;
      return true;
    }
    // The first chunk whose last key is >= key, or the last chunk when key is the largest.
    const ci = Math.min(this.#chunkFor(entry.key), this.#chunks.length - 1);
    const chunk = this.#chunks[ci]!;
    const i = lowerBound(chunk, entry.key);
    if (chunk[i]?.key === entry.key) return false;
    chunk.splice(i, 0, entry);
    this.#size++;
    if (chunk.length > MAX_CHUNK) this.#chunks.splice(ci + 1, 0, chunk.splice(MAX_CHUNK / 2));
    return true;
  }

  /** Removes the entry with key; returns false when there is none. */
  delete(key: string): boolean {
    const ci = this.#chunkFor(key);
    const chunk = this.#chunks[ci];
    if (chunk === undefined) return false;
    const i = lowerBound(chunk, key);
    if (chunk[i]?.key !== key) return false;
    chunk.splice(i, 1);
    this.#size--;
    if (chunk.length === 0) this.#chunks.splice(ci, 1);
    return true;
  }

  /**
   * Visits entries in key order from `start` (or just after it when exclusive) until visit
   * returns false. A callback rather than a generator: this is the hot loop of every list.
   */
  scan(start: string, exclusive: boolean, visit: (entry: E) => boolean): void {
    let ci = this.#chunkFor(start);
    const chunk = this.#chunks[ci];
    if (chunk === undefined) return;
    let i = lowerBound(chunk, start);
    if (exclusive && chunk[i]?.key === start) i++;
    for (; ci < this.#chunks.length; ci++, i = 0) {
      const c = this.#chunks[ci]!;
      for (; i < c.length; i++) if (!visit(c[i]!)) return;
    }
  }

  /** Index of the first chunk whose last key is >= key (chunks.length when none is). */
  #chunkFor(key: string): number {
    let lo = 0;
    let hi = this.#chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = this.#chunks[mid]!;
      if (chunk[chunk.length - 1]!.key < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** First index in sorted `arr` whose key is >= key. */
function lowerBound(arr: readonly { readonly key: string }[], key: string): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]!.key < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
