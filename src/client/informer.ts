// An informer in the client-go sense: a local cache of one resource kept by list + watch,
// resuming from the last seen resourceVersion, re-listing when the server says 410 Gone,
// and re-delivering everything every resync period so level-driven controllers converge
// even if they missed something. Handlers run synchronously, in event order.
import { ApiError } from '../api/errors.ts';
import type { Obj, ResourceClient } from './rest.ts';
import { watch, type WatchHandle } from './watch.ts';

export interface InformerHandlers<T> {
  add?(obj: T): void;
  update?(old: T, obj: T): void;
  delete?(obj: T): void;
}

export interface InformerOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Re-deliver every object as an update this often (0: never). */
  resyncMs?: number;
  log?: (msg: string, err?: unknown) => void;
}

const labelKey = (namespace: string, k: string, v: string) => `${namespace}\u0000${k}\u0000${v}`;

export const keyOf = (o: Obj): string => (o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name);

export class Informer<T extends Obj = Obj> {
  readonly client: ResourceClient<T>;
  readonly #opts: InformerOptions;
  readonly #cache = new Map<string, T>();
  /** namespace \u0000 label key \u0000 value → cache keys, so selector lookups skip most objects. */
  readonly #byLabel = new Map<string, Set<string>>();
  readonly #handlers: InformerHandlers<T>[] = [];
  #resourceVersion = '';
  #synced = false;
  #stopped = false;
  #watch: WatchHandle | undefined;
  #resync: NodeJS.Timeout | undefined;
  #retry: NodeJS.Timeout | undefined;

  constructor(client: ResourceClient<T>, opts: InformerOptions = {}) {
    this.client = client;
    this.#opts = opts;
  }

  on(h: InformerHandlers<T>): this {
    this.#handlers.push(h);
    return this;
  }

  get synced(): boolean {
    return this.#synced;
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.#cache.get(namespace ? `${namespace}/${name}` : name);
  }

  list(namespace?: string): T[] {
    const all = [...this.#cache.values()];
    return namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
  }

  /**
   * Objects of a namespace whose labels contain every pair of `selector` (an equality
   * selector, as a Service's). Looks up the rarest pair in a label index instead of
   * scanning the namespace: a controller syncing one of 1,000 Services touches its own
   * pods, not all 100,000.
   */
  selectEqual(namespace: string, selector: Record<string, string>): T[] {
    const pairs = Object.entries(selector);
    if (pairs.length === 0) return this.list(namespace);
    let smallest: Set<string> | undefined;
    for (const [k, v] of pairs) {
      const keys = this.#byLabel.get(labelKey(namespace, k, v));
      if (!keys) return [];
      if (!smallest || keys.size < smallest.size) smallest = keys;
    }
    const out: T[] = [];
    for (const key of smallest!) {
      const o = this.#cache.get(key);
      if (o && pairs.every(([k, v]) => o.metadata.labels?.[k] === v)) out.push(o);
    }
    return out;
  }

  #index(key: string, o: T | undefined, add: boolean): void {
    if (!o) return;
    for (const [k, v] of Object.entries((o.metadata.labels ?? {}) as Record<string, string>)) {
      const lk = labelKey(o.metadata.namespace ?? '', k, v);
      let set = this.#byLabel.get(lk);
      if (add) {
        if (!set) this.#byLabel.set(lk, (set = new Set()));
        set.add(key);
      } else if (set) {
        set.delete(key);
        if (set.size === 0) this.#byLabel.delete(lk);
      }
    }
  }

  /** Every cache write goes through here, so the label index never drifts from the cache. */
  #put(key: string, obj: T | undefined): T | undefined {
    const old = this.#cache.get(key);
    this.#index(key, old, false);
    if (obj) {
      this.#cache.set(key, obj);
      this.#index(key, obj, true);
    } else this.#cache.delete(key);
    return old;
  }

  /** Resolves once the first full list is in the cache (and its add handlers have run). */
  async start(): Promise<void> {
    await this.#relist();
    this.#synced = true;
    void this.#watchLoop();
    if (this.#opts.resyncMs) {
      this.#resync = setInterval(() => {
        for (const o of this.#cache.values()) for (const h of this.#handlers) h.update?.(o, o);
      }, this.#opts.resyncMs);
      this.#resync.unref();
    }
  }

  stop(): void {
    this.#stopped = true;
    clearInterval(this.#resync);
    clearTimeout(this.#retry);
    this.#watch?.close();
  }

  #selectors() {
    return { labelSelector: this.#opts.labelSelector, fieldSelector: this.#opts.fieldSelector };
  }

  async #relist(): Promise<void> {
    const seen = new Map<string, T>();
    let cont: string | undefined;
    let rv = '';
    do {
      const page = await this.client.list(this.#opts.namespace, { ...this.#selectors(), limit: 500, continue: cont });
      for (const item of page.items) seen.set(keyOf(item), item);
      cont = page.metadata.continue;
      rv = page.metadata.resourceVersion;
    } while (cont);
    // Replace the cache, telling handlers what changed while we were not watching.
    for (const [key, old] of this.#cache) {
      if (!seen.has(key)) {
        this.#put(key, undefined);
        for (const h of this.#handlers) h.delete?.(old);
      }
    }
    for (const [key, obj] of seen) {
      const old = this.#put(key, obj);
      if (!old) for (const h of this.#handlers) h.add?.(obj);
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) for (const h of this.#handlers) h.update?.(old, obj);
    }
    this.#resourceVersion = rv;
  }

  async #watchLoop(): Promise<void> {
    let failures = 0;
    while (!this.#stopped) {
      try {
        let gone = false;
        this.#watch = await watch(this.client, this.#opts.namespace, { ...this.#selectors(), resourceVersion: this.#resourceVersion, timeoutSeconds: 300 + Math.floor(Math.random() * 300) }, (e) => {
          if (e.type === 'ERROR') {
            if ((e.object as unknown as { code?: number }).code === 410) gone = true;
            return;
          }
          this.#apply(e.type, e.object);
        });
        failures = 0;
        await this.#watch.done;
        if (gone && !this.#stopped) await this.#relist();
      } catch (e) {
        if (this.#stopped) return;
        if (e instanceof ApiError && e.code === 410) {
          await this.#relist().catch((err) => this.#opts.log?.(`re-list ${this.client.info.plural}`, err));
          continue;
        }
        failures++;
        this.#opts.log?.(`watch ${this.client.info.plural}`, e);
        // Back off while the server is away; the cache keeps serving meanwhile.
        await new Promise<void>((r) => (this.#retry = setTimeout(r, Math.min(200 * 2 ** failures, 5000))));
        if (failures > 1) await this.#relist().catch(() => {});
      }
    }
  }

  #apply(type: string, obj: T): void {
    if (obj.metadata?.resourceVersion) this.#resourceVersion = obj.metadata.resourceVersion;
    if (type === 'BOOKMARK') return;
    const key = keyOf(obj);
    if (type === 'DELETED') {
      const old = this.#put(key, undefined);
      for (const h of this.#handlers) h.delete?.(old ?? obj);
      return;
    }
    const old = this.#put(key, obj);
    if (old) for (const h of this.#handlers) h.update?.(old, obj);
    else for (const h of this.#handlers) h.add?.(obj);
  }
}
