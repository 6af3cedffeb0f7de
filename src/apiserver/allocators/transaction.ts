// Allocation transactions. The store has no transactions spanning the bitmap and the object, so
// the registry allocates first, writes the object, then commits (apply deferred releases) or
// reverts (give back what was taken) — upstream's transaction.go and PortAllocationOperation.
// It is better to leak a value until the next restart than to hand it out twice: allocations
// happen at once, releases only on commit.

export interface Transaction {
  /** The object was stored: apply the releases that were deferred. */
  commit(): void;
  /** The object was not stored (conflict, validation error, ...): give back what was allocated. */
  revert(): void;
}

/** Whatever is called first wins; later calls are no-ops, so a `finally { txn.revert() }` is safe. */
export function callbackTransaction(callbacks: { commit?: () => void; revert?: () => void }): Transaction {
  let done = false;
  return {
    commit() {
      if (done) return;
      done = true;
      callbacks.commit?.();
    },
    revert() {
      if (done) return;
      done = true;
      callbacks.revert?.();
    },
  };
}

/** Commits in order, reverts in reverse order. */
export function metaTransaction(parts: readonly Transaction[]): Transaction {
  const list = [...parts];
  return callbackTransaction({
    commit: () => list.forEach((t) => t.commit()),
    revert: () => [...list].reverse().forEach((t) => t.revert()),
  });
}

export const emptyTransaction = (): Transaction => callbackTransaction({});

/** What an operation needs from an allocator. */
export interface ValueAllocator<T> {
  allocate(value: T): void;
  allocateNext(): T;
  release(value: T): void;
}

/**
 * One allocator's share of a transaction (upstream portallocator.PortAllocationOperation, used
 * here for IPs too): allocations are real and recorded; releases are deferred to commit.
 */
export class AllocationOperation<T> implements Transaction {
  private readonly allocator: ValueAllocator<T>;
  private readonly allocated: T[] = [];
  private readonly deferred: T[] = [];
  private done = false;

  constructor(allocator: ValueAllocator<T>) {
    this.allocator = allocator;
  }

  allocate(value: T): void {
    this.allocator.allocate(value);
    this.allocated.push(value);
  }

  allocateNext(): T {
    const value = this.allocator.allocateNext();
    this.allocated.push(value);
    return value;
  }

  /** Marks `value` to be released when the transaction commits. */
  releaseDeferred(value: T): void {
    this.deferred.push(value);
  }

  /** Values this operation took so far (in order). */
  get allocations(): readonly T[] {
    return this.allocated;
  }

  /** Values this operation will release on commit. */
  get deferredReleases(): readonly T[] {
    return this.deferred;
  }

  commit(): void {
    if (this.done) return;
    this.done = true;
    for (const v of this.deferred) this.allocator.release(v);
  }

  revert(): void {
    if (this.done) return;
    this.done = true;
    for (const v of this.allocated) this.allocator.release(v);
  }
}
