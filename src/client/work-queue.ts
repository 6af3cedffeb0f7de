// A de-duplicating work queue with retry back-off: an item queued while waiting is kept
// once; a failed item comes back after a growing delay; one failure never stops the loop.

export class WorkQueue {
  readonly #pending = new Set<string>();
  readonly #failures = new Map<string, number>();
  readonly #work: (item: string) => Promise<void>;
  readonly #onError: (item: string, err: unknown) => void;
  #running = false;
  #stopped = false;
  #timers = new Set<NodeJS.Timeout>();

  constructor(work: (item: string) => Promise<void>, onError: (item: string, err: unknown) => void) {
    this.#work = work;
    this.#onError = onError;
  }

  add(item: string): void {
    if (this.#stopped) return;
    this.#pending.add(item);
    if (!this.#running) void this.#run();
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
    return !this.#running && this.#pending.size === 0;
  }

  stop(): void {
    this.#stopped = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#pending.clear();
  }

  async #run(): Promise<void> {
    this.#running = true;
    try {
      while (this.#pending.size > 0 && !this.#stopped) {
        const item = this.#pending.values().next().value as string;
        this.#pending.delete(item);
        try {
          await this.#work(item);
          this.#failures.delete(item);
        } catch (err) {
          const n = (this.#failures.get(item) ?? 0) + 1;
          this.#failures.set(item, n);
          this.#onError(item, err);
          this.addAfter(item, Math.min(5 * 2 ** n, 30_000));
        }
      }
    } finally {
      this.#running = false;
    }
  }
}
