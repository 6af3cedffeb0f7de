// Controller expectations (upstream pkg/controller/controller_utils.go, with the UID-tracking
// variant for deletions): after a controller asks for N creates or deletes it must not act on
// its cache again until the informer has shown it those N changes, or it would create (or
// delete) the same pods twice. An expectation older than five minutes is considered met, so a
// lost watch event can only delay a controller, never wedge it.
export const expectationsTimeoutMs = 5 * 60 * 1000;

interface Expectation {
  add: number;
  del: number;
  /** Pods (namespace/name) whose deletion we wait to see. */
  deleting: Set<string>;
  at: number;
}

export class ControllerExpectations {
  readonly #items = new Map<string, Expectation>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** True when the controller may sync: nothing pending, or what is pending is stale. */
  satisfied(key: string): boolean {
    const e = this.#items.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return this.#now() - e.at > expectationsTimeoutMs;
  }

  expectCreations(key: string, n: number): void {
    this.#items.set(key, { add: n, del: 0, deleting: new Set(), at: this.#now() });
  }

  expectDeletions(key: string, podKeys: string[]): void {
    this.#items.set(key, { add: 0, del: podKeys.length, deleting: new Set(podKeys), at: this.#now() });
  }

  creationObserved(key: string): void {
    const e = this.#items.get(key);
    if (e) e.add--;
  }

  /** A pod's deletion was seen (or will never be, because the delete failed). */
  deletionObserved(key: string, podKey: string): void {
    const e = this.#items.get(key);
    if (e?.deleting.delete(podKey)) e.del--;
  }

  delete(key: string): void {
    this.#items.delete(key);
  }

  /** For tests and debugging: what is still awaited. */
  pending(key: string): { add: number; del: number } | undefined {
    const e = this.#items.get(key);
    return e && { add: e.add, del: e.del };
  }
}
