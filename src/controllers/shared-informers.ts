// One informer per resource, shared by every controller in the process (client-go's
// SharedInformerFactory), so N controllers cost one watch per kind, not N.
import { resources, type ResourceInfo } from '../api/resources.ts';
import { Informer, type Obj, type RestClient } from '../client/index.ts';

export class SharedInformers {
  readonly rest: RestClient;
  readonly #informers = new Map<string, Informer>();
  readonly #log: (msg: string, err?: unknown) => void;
  readonly #resyncMs: number;

  constructor(rest: RestClient, opts: { log?: (msg: string, err?: unknown) => void; resyncMs?: number } = {}) {
    this.rest = rest;
    this.#log = opts.log ?? (() => {});
    this.#resyncMs = opts.resyncMs ?? 0;
  }

  /** The informer of a resource by group and plural, e.g. ('apps', 'deployments'). */
  for<T extends Obj = Obj>(group: string, plural: string): Informer<T> {
    const key = `${group}/${plural}`;
    let inf = this.#informers.get(key);
    if (!inf) {
      const info = resources.find((r) => r.group === group && r.plural === plural) as ResourceInfo | undefined;
      if (!info) throw new Error(`no resource ${plural}${group ? `.${group}` : ''} is served`);
      inf = new Informer(this.rest.resource(info), { log: this.#log, resyncMs: this.#resyncMs });
      this.#informers.set(key, inf);
    }
    return inf as unknown as Informer<T>;
  }

  /** Starts every informer asked for so far; resolves when all have their first list. */
  async start(): Promise<void> {
    await Promise.all([...this.#informers.values()].filter((i) => !i.synced).map((i) => i.start()));
  }

  stop(): void {
    for (const i of this.#informers.values()) i.stop();
  }
}
