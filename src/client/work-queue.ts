// A de-duplicating work queue with retry back-off, as client-go's workqueue: an item queued
// while waiting is kept once; an item being worked on is never worked on twice at once (if
// it is added meanwhile, it runs again afterwards); up to `concurrency` different items run
// in parallel; a failed item comes back after a growing delay; one failure never stops it.

export interface WorkQueueOptions {
  /** Different items worked on at once (upstream's --concurrent-*-syncs; default 1). */
  concurrency?: number;
}

export class WorkQueue {
  readonly #pending = new Set<string>();
  readonly #active = new Set<string>();
  readonly #failures = new Map<string, number>();
  readonly #work: (item: string) => Promise<void>;
  readonly #onError: (item: string, err: unknown) => void;
  readonly #concurrency: number;
  #stopped = false;
  #timers = new Set<NodeJS.Timeout>();

  constructor(work: (item: string) => Promise<void>, onError: (item: string, err: unknown) => void, opts: WorkQueueOptions = {}) {
    this.#work = work;
    this.#onError = onError;
    this.#concurrency = Math.max(1, opts.concurrency ?? 1);
  }

  add(item: string): void {
    if (this.#stopped) return;
    this.#pending.add(item);
    this.#pump();
  }

  addAfter(item: string, ms: number): void {
    if (this.#stopped) return;
    const t = setTimeout(() => {
      this.#timers.delete(t);
      this.add(item);
    }, ms);
    t.unref();
    this.#timers.add(t);
  }

  get idle(): boolean {
    return this.#active.size === 0 && this.#pending.size === 0;
  }

  stop(): void {
    this.#stopped = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#pending.clear();
  }

  #pump(): void {
    if (this.#stopped) return;
    for (const item of this.#pending) {
      if (this.#active.size >= this.#concurrency) return;
      if (this.#active.has(item)) continue; // runs again once the current run ends
      this.#pending.delete(item);
      this.#active.add(item);
      void this.#process(item);
    }
  }

  async #process(item: string): Promise<void> {
    try {
      await this.#work(item);
      this.#failures.delete(item);
    } catch (err) {
      const n = (this.#failures.get(item) ?? 0) + 1;
      this.#failures.set(item, n);
      this.#onError(item, err);
      this.addAfter(item, Math.min(5 * 2 ** n, 30_000));
    } finally {
      this.#active.delete(item);
      // Yield first, so a queue whose work completes synchronously cannot starve I/O.
      setImmediate(() => this.#pump());
    }
  }
}
