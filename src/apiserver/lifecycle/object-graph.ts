// A live index of every stored object's identity and owners, kept from one watch on the
// whole key space. The garbage collector and the namespace finalizer read it to find
// dependents without scanning storage.
import type { Store, Watch, WatchEvent } from '../../storage/index.ts';
import type { OwnerReference } from '../registry/object.ts';
import { registryRoot } from '../registry/keys.ts';

export interface GraphNode {
  key: string;
  uid: string;
  namespace: string | undefined;
  owners: OwnerReference[];
  finalizers: string[];
  deleting: boolean;
}

export interface GraphListener {
  added?(node: GraphNode): void;
  changed?(node: GraphNode): void;
  removed?(node: GraphNode): void;
}

export class ObjectGraph {
  readonly #byUid = new Map<string, GraphNode>();
  readonly #dependents = new Map<string, Set<string>>();
  readonly #listeners: GraphListener[] = [];
  #watch: Watch | undefined;

  listen(l: GraphListener): void {
    this.#listeners.push(l);
  }

  async start(store: Store): Promise<void> {
    const listed = await store.list(registryRoot);
    for (const kv of listed.items) this.#put(kv.key, kv.value, true);
    this.#watch = store.watch(registryRoot, listed.revision, (e) => this.#onEvent(e));
    for (const node of this.#byUid.values()) for (const l of this.#listeners) l.added?.(node);
  }

  stop(): void {
    this.#watch?.close();
  }

  get(uid: string): GraphNode | undefined {
    return this.#byUid.get(uid);
  }

  dependentsOf(uid: string): GraphNode[] {
    return [...(this.#dependents.get(uid) ?? [])].map((d) => this.#byUid.get(d)).filter((n): n is GraphNode => !!n);
  }

  nodes(): IterableIterator<GraphNode> {
    return this.#byUid.values();
  }

  #onEvent(e: WatchEvent): void {
    if (e.type === 'delete') {
      const uid = uidOf(e.kv.value);
      const node = uid ? this.#byUid.get(uid) : undefined;
      if (!node) return;
      this.#remove(node);
      for (const l of this.#listeners) l.removed?.(node);
      return;
    }
    const node = this.#put(e.kv.key, e.kv.value, false);
    if (!node) return;
    for (const l of this.#listeners) (e.prev ? l.changed : l.added)?.(node);
  }

  #put(key: string, value: string, initial: boolean): GraphNode | undefined {
    const meta = (JSON.parse(value) as { metadata?: Record<string, any> }).metadata ?? {};
    if (!meta.uid) return undefined;
    const old = this.#byUid.get(meta.uid);
    if (old) this.#remove(old);
    const node: GraphNode = {
      key,
      uid: meta.uid,
      namespace: meta.namespace,
      owners: (meta.ownerReferences ?? []) as OwnerReference[],
      finalizers: (meta.finalizers ?? []) as string[],
      deleting: !!meta.deletionTimestamp,
    };
    this.#byUid.set(node.uid, node);
    for (const o of node.owners) {
      let set = this.#dependents.get(o.uid);
      if (!set) this.#dependents.set(o.uid, (set = new Set()));
      set.add(node.uid);
    }
    void initial;
    return node;
  }

  #remove(node: GraphNode): void {
    this.#byUid.delete(node.uid);
    for (const o of node.owners) {
      const set = this.#dependents.get(o.uid);
      set?.delete(node.uid);
      if (set?.size === 0) this.#dependents.delete(o.uid);
    }
  }
}

function uidOf(value: string): string | undefined {
  return (JSON.parse(value) as { metadata?: { uid?: string } }).metadata?.uid;
}
