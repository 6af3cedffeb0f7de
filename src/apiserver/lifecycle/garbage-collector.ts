// The garbage collector: ownerReferences decide what goes when an owner goes.
// - Background (default): once every owner of a dependent is gone, the dependent is deleted.
// - Foreground: the owner keeps a `foregroundDeletion` finalizer until its dependents are
//   gone; they are deleted (foreground too) first.
// - Orphan: the owner's `orphan` finalizer is removed after its dependents' references to
//   it are, so they survive.
// It works through the same registry as API clients, so admission and concurrency rules hold.
import { ApiError } from '../../api/errors.ts';
import type { ApiObject, OwnerReference } from '../registry/object.ts';
import type { GraphNode, ObjectGraph } from './object-graph.ts';
import { systemContext, type Registries } from './registries.ts';
import { WorkQueue } from '../../client/index.ts';

export class GarbageCollector {
  readonly #graph: ObjectGraph;
  readonly #registries: Registries;
  readonly #queue: WorkQueue;

  constructor(graph: ObjectGraph, registries: Registries, log: (msg: string, err: unknown) => void) {
    this.#graph = graph;
    this.#registries = registries;
    this.#queue = new WorkQueue((uid) => this.#process(uid), (uid, err) => log(`garbage collector: ${uid}`, err));
    graph.listen({
      added: (n) => this.#consider(n),
      changed: (n) => this.#consider(n),
      removed: (n) => {
        for (const d of graph.dependentsOf(n.uid)) this.#queue.add(d.uid);
        for (const o of n.owners) if (graph.get(o.uid)?.deleting) this.#queue.add(o.uid);
      },
    });
  }

  stop(): void {
    this.#queue.stop();
  }

  get idle(): boolean {
    return this.#queue.idle;
  }

  #consider(n: GraphNode): void {
    if (n.deleting && (n.finalizers.includes('orphan') || n.finalizers.includes('foregroundDeletion'))) this.#queue.add(n.uid);
    if (n.owners.some((o) => !this.#graph.get(o.uid) || this.#graph.get(o.uid)!.deleting)) this.#queue.add(n.uid);
  }

  async #process(uid: string): Promise<void> {
    const node = this.#graph.get(uid);
    if (!node) return;
    if (node.deleting && node.finalizers.includes('orphan')) await this.#orphanDependents(node);
    else if (node.deleting && node.finalizers.includes('foregroundDeletion')) await this.#deleteDependentsFirst(node);
    if (node.owners.length > 0) await this.#collectIfOwnersGone(node);
  }

  async #orphanDependents(owner: GraphNode): Promise<void> {
    for (const dep of this.#graph.dependentsOf(owner.uid)) {
      await this.#update(dep, (obj) => {
        obj.metadata.ownerReferences = (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.uid);
        if (obj.metadata.ownerReferences.length === 0) delete obj.metadata.ownerReferences;
      });
    }
    await this.#removeFinalizer(owner, 'orphan');
  }

  async #deleteDependentsFirst(owner: GraphNode): Promise<void> {
    const deps = this.#graph.dependentsOf(owner.uid);
    for (const dep of deps) if (!dep.deleting) await this.#delete(dep, 'Foreground');
    // Only dependents that block owner deletion keep the owner waiting (upstream rule).
    const blocking = this.#graph.dependentsOf(owner.uid).filter((d) => d.owners.some((o) => o.uid === owner.uid && o.blockOwnerDeletion));
    if (blocking.length === 0) await this.#removeFinalizer(owner, 'foregroundDeletion');
  }

  async #collectIfOwnersGone(node: GraphNode): Promise<void> {
    let waitingForeground = false;
    for (const ref of node.owners) {
      const owner = this.#graph.get(ref.uid) ?? (await this.#lookupOwner(node, ref));
      if (!owner) continue;
      if (owner.deleting && owner.finalizers.includes('foregroundDeletion')) {
        waitingForeground = true;
        continue;
      }
      return; // a live owner keeps the dependent
    }
    if (node.deleting) return;
    await this.#delete(node, waitingForeground ? 'Foreground' : 'Background');
  }

  /** Owners not in the graph yet may still exist (a race with creation): ask the registry. */
  async #lookupOwner(dep: GraphNode, ref: OwnerReference): Promise<GraphNode | undefined> {
    const store = this.#registries.byKind(ref.apiVersion, ref.kind);
    if (!store) return undefined;
    try {
      const obj = await store.get(store.info.namespaced ? dep.namespace : undefined, ref.name);
      return obj.metadata.uid === ref.uid ? this.#graph.get(ref.uid) ?? nodeOf(obj) : undefined;
    } catch (e) {
      if (e instanceof ApiError && e.reason === 'NotFound') return undefined;
      throw e;
    }
  }

  async #delete(node: GraphNode, policy: 'Foreground' | 'Background'): Promise<void> {
    const at = this.#registries.byKey(node.key);
    if (!at) return;
    try {
      await at.store.delete(at.namespace, at.name, { propagationPolicy: policy, preconditions: { uid: node.uid } }, systemContext());
    } catch (e) {
      if (e instanceof ApiError && (e.reason === 'NotFound' || e.reason === 'Conflict')) return;
      throw e;
    }
  }

  async #removeFinalizer(node: GraphNode, finalizer: string): Promise<void> {
    await this.#update(node, (obj) => {
      obj.metadata.finalizers = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
      if (obj.metadata.finalizers.length === 0) delete obj.metadata.finalizers;
    });
  }

  async #update(node: GraphNode, change: (obj: ApiObject) => void): Promise<void> {
    const at = this.#registries.byKey(node.key);
    if (!at) return;
    try {
      await at.store.update(at.namespace, at.name, (cur) => {
        if (!cur || cur.metadata.uid !== node.uid) throw ApiError.notFound(at.store.groupResource, at.name);
        change(cur);
        delete cur.metadata.resourceVersion;
        return cur;
      }, systemContext());
    } catch (e) {
      if (e instanceof ApiError && e.reason === 'NotFound') return;
      throw e;
    }
  }
}

function nodeOf(obj: ApiObject): GraphNode {
  return { key: '', uid: obj.metadata.uid!, namespace: obj.metadata.namespace, owners: obj.metadata.ownerReferences ?? [], finalizers: obj.metadata.finalizers ?? [], deleting: !!obj.metadata.deletionTimestamp };
}
