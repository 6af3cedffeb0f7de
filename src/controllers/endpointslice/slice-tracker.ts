// EndpointSliceTracker (upstream endpointslice/util): remembers the generation of every slice
// this controller wrote, so a sync that runs before the informer has caught up with those
// writes notices its cache is stale and retries, instead of creating duplicate slices.
import type { Obj } from '../../client/index.ts';

const deletionExpected = -1;

export class StaleCacheError extends Error {
  constructor() {
    super('EndpointSlice informer cache is out of date');
    this.name = 'StaleCacheError';
  }
}

export class EndpointSliceTracker {
  readonly #byService = new Map<string, Map<string, number>>();

  #gens(serviceKey: string): Map<string, number> {
    let m = this.#byService.get(serviceKey);
    if (!m) this.#byService.set(serviceKey, (m = new Map()));
    return m;
  }

  /** After a create or update the API answered. */
  update(serviceKey: string, slice: Obj): void {
    this.#gens(serviceKey).set(slice.metadata.uid, slice.metadata.generation ?? 0);
  }

  expectDeletion(serviceKey: string, slice: Obj): void {
    this.#gens(serviceKey).set(slice.metadata.uid, deletionExpected);
  }

  /** From the informer's delete handler: false when nobody here expected that deletion. */
  handleDeletion(serviceKey: string, slice: Obj): boolean {
    const gens = this.#byService.get(serviceKey);
    const g = gens?.get(slice.metadata.uid);
    gens?.delete(slice.metadata.uid);
    return g === deletionExpected;
  }

  /** From add/update handlers: false for the echo of our own write. */
  shouldSync(serviceKey: string, slice: Obj): boolean {
    const g = this.#byService.get(serviceKey)?.get(slice.metadata.uid);
    return g === undefined || (slice.metadata.generation ?? 0) > g;
  }

  deleteService(serviceKey: string): void {
    this.#byService.delete(serviceKey);
  }

  /** True when the cached slices are older than what we wrote, or miss or still hold some. */
  stale(serviceKey: string, cached: Obj[]): boolean {
    const gens = this.#byService.get(serviceKey);
    if (!gens) return false;
    const seen = new Set<string>();
    for (const s of cached) {
      seen.add(s.metadata.uid);
      const g = gens.get(s.metadata.uid);
      if (g !== undefined && (g === deletionExpected || g > (s.metadata.generation ?? 0))) return true;
    }
    for (const [uid, g] of gens) if (g !== deletionExpected && !seen.has(uid)) return true;
    return false;
  }
}
