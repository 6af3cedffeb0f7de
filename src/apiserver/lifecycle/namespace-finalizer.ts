// The namespace controller's job: a namespace being deleted is emptied of every namespaced
// object, then its `kubernetes` finalizer is removed, which completes its deletion.
import { ApiError } from '../../api/errors.ts';
import type { ObjectGraph } from './object-graph.ts';
import { systemContext, type Registries } from './registries.ts';
import { WorkQueue } from '../../client/index.ts';

const finalizerName = 'kubernetes';
const recheckMs = 1000;
// Upstream waits this long after a namespace starts terminating before emptying it, so
// every API server sees the deletion first; clients deleting its objects by hand
// (`kubectl delete -f` of a manifest with the namespace) also find them still there.
const deletionGracePeriodMs = 5000;

export class NamespaceFinalizer {
  readonly #registries: Registries;
  readonly #queue: WorkQueue;

  constructor(graph: ObjectGraph, registries: Registries, log: (msg: string, err: unknown) => void) {
    this.#registries = registries;
    this.#queue = new WorkQueue((ns) => this.#finalize(ns), (ns, err) => log(`namespace controller: ${ns}`, err));
    const namespacesPrefix = '/registry/core/namespaces/';
    const consider = (n: { key: string; deleting: boolean }) => {
      if (n.deleting && n.key.startsWith(namespacesPrefix)) this.#queue.add(n.key.slice(namespacesPrefix.length));
    };
    graph.listen({
      added: consider,
      changed: consider,
      removed: (n) => {
        // An object leaving a terminating namespace may be the last one holding it.
        if (n.namespace && graph.get(n.uid) === undefined) this.#queue.add(n.namespace);
      },
    });
  }

  stop(): void {
    this.#queue.stop();
  }

  get idle(): boolean {
    return this.#queue.idle;
  }

  async #finalize(name: string): Promise<void> {
    const namespaces = this.#registries.byUrl('', 'v1', 'namespaces')!;
    let ns;
    try {
      ns = await namespaces.get(undefined, name);
    } catch (e) {
      if (e instanceof ApiError && e.reason === 'NotFound') return;
      throw e;
    }
    if (!ns.metadata.deletionTimestamp || !(ns.spec?.finalizers ?? []).includes(finalizerName)) return;
    const wait = Date.parse(ns.metadata.deletionTimestamp) + deletionGracePeriodMs - Date.now();
    if (wait > 0) return this.#queue.addAfter(name, wait);
    let remaining = 0;
    for (const store of this.#registries.namespacedStores()) {
      const { items } = await store.list(name, {});
      for (const obj of items) {
        remaining++;
        if (obj.metadata.deletionTimestamp) continue;
        try {
          await store.delete(name, obj.metadata.name!, { propagationPolicy: 'Background', preconditions: { uid: obj.metadata.uid } }, systemContext());
        } catch (e) {
          if (!(e instanceof ApiError && (e.reason === 'NotFound' || e.reason === 'Conflict'))) throw e;
        }
      }
    }
    if (remaining > 0) {
      // Check again: graceful deletions and finalizers finish on their own time.
      this.#queue.addAfter(name, recheckMs);
      const { items } = await this.#countAll(name);
      if (items > 0) return;
    }
    await namespaces.update(undefined, name, (cur) => {
      if (!cur) throw ApiError.notFound(namespaces.groupResource, name);
      cur.spec = { ...cur.spec, finalizers: (cur.spec?.finalizers ?? []).filter((f: string) => f !== finalizerName) };
      delete cur.metadata.resourceVersion;
      return cur;
    }, systemContext(), { subresource: 'finalize' });
  }

  async #countAll(namespace: string): Promise<{ items: number }> {
    let items = 0;
    for (const store of this.#registries.namespacedStores()) items += (await store.list(namespace, {})).items.length;
    return { items };
  }
}
