// The ReplicaSet controller (upstream pkg/controller/replicaset): keeps spec.replicas active
// pods that match the selector and carry the ReplicaSet's controller reference, and reports
// what it sees in status. Handlers only enqueue keys (and count expectations); sync(key)
// reconciles from the caches.
import { ApiError } from '../../api/errors.ts';
import { labelSelectorFromObject, type LabelSelector } from '../../api/selectors/index.ts';
import { WorkQueue, type EventRecorder, type Informer, type Obj, type ResourceClient, keyOf } from '../../client/index.ts';
import type { Controller, ControllerContext, ControllerFactory } from '../controller.ts';
import { ControllerRefManager, recheckOwner } from './controller-ref.ts';
import { ControllerExpectations } from './expectations.ts';
import { PodControl, slowStartBatch, slowStartInitialBatchSize, withKind } from './pod-control.ts';
import { podsToDelete } from './pod-ranking.ts';
import { controllerRefOf, isPodActive, isPodReady, podKey, type OwnerReference } from './pod-util.ts';
import { calculateReplicaSetStatus, sameReplicaSetStatus } from './status.ts';

export interface ReplicaSetControllerOptions {
  /** At most this many pods created or deleted per sync (upstream BurstReplicas, 500). */
  burstReplicas?: number;
  now?: () => number;
}

const sameLabels = (a: Obj, b: Obj) => JSON.stringify(sortKeys(a.metadata.labels)) === JSON.stringify(sortKeys(b.metadata.labels));
const sortKeys = (m: Record<string, string> | undefined) => Object.entries(m ?? {}).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
const sameRef = (a: OwnerReference | undefined, b: OwnerReference | undefined) => a?.uid === b?.uid && a?.name === b?.name && a?.kind === b?.kind;

export class ReplicaSetController implements Controller {
  readonly name = 'replicaset-controller';
  readonly expectations: ControllerExpectations;
  readonly #rsInformer: Informer;
  readonly #podInformer: Informer;
  readonly #rsClient: ResourceClient;
  readonly #podClient: ResourceClient;
  readonly #podControl: PodControl;
  readonly #queue: WorkQueue;
  readonly #log: ControllerContext['log'];
  readonly #burst: number;
  readonly #now: () => number;
  readonly #selectors = new WeakMap<Obj, LabelSelector | null>();
  #started = false;

  constructor(ctx: ControllerContext, opts: ReplicaSetControllerOptions = {}) {
    this.#rsInformer = ctx.informers.for('apps', 'replicasets');
    this.#podInformer = ctx.informers.for('', 'pods');
    this.#rsClient = this.#rsInformer.client;
    this.#podClient = this.#podInformer.client;
    const recorder: EventRecorder = ctx.recorder('replicaset-controller');
    this.#podControl = new PodControl(this.#podClient, recorder);
    this.#log = ctx.log;
    this.#burst = opts.burstReplicas ?? 500;
    this.#now = opts.now ?? Date.now;
    this.expectations = new ControllerExpectations(this.#now);
    this.#queue = new WorkQueue(
      (key) => this.sync(key),
      (key, err) => this.#log(`replicaset-controller: syncing ${key}`, err),
      // Upstream runs 5 syncs of different objects at once (--concurrent-*-syncs).
      { concurrency: 5 },
    );

    this.#rsInformer.on({
      add: (rs) => this.#enqueue(rs),
      update: (_old, rs) => this.#enqueue(rs),
      delete: (rs) => {
        this.expectations.delete(keyOf(rs));
        this.#enqueue(rs);
      },
    });
    this.#podInformer.on({
      add: (pod) => this.#addPod(pod),
      update: (old, pod) => this.#updatePod(old, pod),
      delete: (pod) => this.#deletePod(pod),
    });
  }

  start(): void {
    this.#started = true;
    // Handlers ran while the caches were filling; start from a full pass instead.
    for (const rs of this.#rsInformer.list()) this.#queue.add(keyOf(rs));
  }

  stop(): void {
    this.#queue.stop();
  }

  /** True when nothing is queued or running (for tests). */
  get idle(): boolean {
    return this.#queue.idle;
  }

  #enqueue(rs: Obj, afterMs?: number): void {
    if (!this.#started) return;
    if (afterMs !== undefined) this.#queue.addAfter(keyOf(rs), afterMs);
    else this.#queue.add(keyOf(rs));
  }

  #selectorOf(rs: Obj): LabelSelector | null {
    let s = this.#selectors.get(rs);
    if (s === undefined) {
      try {
        s = labelSelectorFromObject(rs.spec?.selector);
      } catch {
        s = null;
      }
      this.#selectors.set(rs, s);
    }
    return s;
  }

  /** resolveControllerRef: the ReplicaSet a controller reference names, if it is the same object. */
  #resolve(namespace: string, ref: OwnerReference): Obj | undefined {
    if (ref.kind !== 'ReplicaSet' || !/^apps\//.test(ref.apiVersion)) return undefined;
    const rs = this.#rsInformer.get(namespace, ref.name);
    return rs && rs.metadata.uid === ref.uid ? rs : undefined;
  }

  /** GetPodReplicaSets: ReplicaSets whose (non-empty) selector matches an orphan's labels. */
  #replicaSetsMatching(pod: Obj): Obj[] {
    return this.#rsInformer.list(pod.metadata.namespace).filter((rs) => {
      const s = this.#selectorOf(rs);
      return s && !s.empty && s.matches(pod.metadata.labels ?? {});
    });
  }

  #addPod(pod: Obj): void {
    if (pod.metadata.deletionTimestamp) {
      // Seen for the first time already being deleted (e.g. after a restart): a deletion.
      this.#deletePod(pod);
      return;
    }
    const ref = controllerRefOf(pod);
    if (ref) {
      const rs = this.#resolve(pod.metadata.namespace, ref);
      if (!rs) return;
      this.expectations.creationObserved(keyOf(rs));
      this.#enqueue(rs);
      return;
    }
    // An orphan: whoever could adopt it should look.
    for (const rs of this.#replicaSetsMatching(pod)) this.#enqueue(rs);
  }

  #updatePod(old: Obj, pod: Obj): void {
    // A resync re-delivers the same version; pods only matter when they change.
    if (old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
    const labelsChanged = !sameLabels(old, pod);
    if (pod.metadata.deletionTimestamp) {
      // Graceful deletion started: for our purposes the pod is gone now.
      this.#deletePod(pod);
      if (labelsChanged) this.#deletePod(old);
      return;
    }
    const ref = controllerRefOf(pod);
    const oldRef = controllerRefOf(old);
    const refChanged = !sameRef(ref, oldRef);
    if (refChanged && oldRef) {
      const rs = this.#resolve(old.metadata.namespace, oldRef);
      if (rs) this.#enqueue(rs);
    }
    if (ref) {
      const rs = this.#resolve(pod.metadata.namespace, ref);
      if (!rs) return;
      this.#enqueue(rs);
      // A pod that just became ready becomes available minReadySeconds later: look again then.
      const minReady = rs.spec?.minReadySeconds ?? 0;
      if (!isPodReady(old) && isPodReady(pod) && minReady > 0) this.#enqueue(rs, minReady * 1000);
      return;
    }
    if (labelsChanged || refChanged) for (const rs of this.#replicaSetsMatching(pod)) this.#enqueue(rs);
  }

  #deletePod(pod: Obj): void {
    const ref = controllerRefOf(pod);
    if (!ref) return;
    const rs = this.#resolve(pod.metadata.namespace, ref);
    if (!rs) return;
    this.expectations.deletionObserved(keyOf(rs), podKey(pod));
    this.#enqueue(rs);
  }

  async sync(key: string): Promise<void> {
    const [namespace, name] = key.split('/') as [string, string];
    const cached = this.#rsInformer.get(namespace, name);
    if (!cached) {
      this.expectations.delete(key);
      return;
    }
    const rs = withKind(structuredClone(cached), 'apps/v1', 'ReplicaSet');
    const needsSync = this.expectations.satisfied(key);
    const selector = this.#selectorOf(cached);
    if (!selector) {
      this.#log(`replicaset-controller: ${key} has an invalid selector`);
      return;
    }
    // Every active pod in the namespace: owned pods that stopped matching must be released too.
    const active = this.#podInformer.list(namespace).filter(isPodActive);
    const manager = new ControllerRefManager({
      owner: rs,
      ownerApiVersion: 'apps/v1',
      ownerKind: 'ReplicaSet',
      selector,
      client: this.#podClient,
      canAdopt: recheckOwner(this.#rsClient, rs, 'ReplicaSet'),
    });
    const { claimed, errors } = await manager.claim(active);
    if (errors.length) throw errors.length === 1 ? errors[0] : new AggregateError(errors, errors.map((e) => (e as Error).message).join(', '));

    let manageError: Error | undefined;
    if (needsSync && !rs.metadata.deletionTimestamp) {
      try {
        await this.#manageReplicas(claimed, rs, key);
      } catch (e) {
        manageError = e instanceof Error ? e : new Error(String(e));
      }
    }
    const status = calculateReplicaSetStatus(rs, claimed, manageError, this.#now());
    const updated = await this.#updateStatus(rs, status);
    const minReady = updated.spec?.minReadySeconds ?? 0;
    const want = updated.spec?.replicas ?? 1;
    if (!manageError && minReady > 0 && (updated.status?.readyReplicas ?? 0) === want && (updated.status?.availableReplicas ?? 0) !== want) {
      this.#queue.addAfter(key, minReady * 1000);
    }
    if (manageError) throw manageError;
  }

  async #manageReplicas(pods: Obj[], rs: Obj, key: string): Promise<void> {
    const diff = pods.length - (rs.spec?.replicas ?? 1);
    if (diff < 0) {
      const count = Math.min(-diff, this.#burst);
      // Expect the creates before making them: their watch events may come back at once.
      this.expectations.expectCreations(key, count);
      const { successes, error } = await slowStartBatch(count, slowStartInitialBatchSize, () => this.#podControl.create(rs, rs.spec?.template));
      // Pods never created (or failed) will never be observed.
      for (let i = successes; i < count; i++) this.expectations.creationObserved(key);
      if (error) throw error;
    } else if (diff > 0) {
      const count = Math.min(diff, this.#burst);
      const victims = podsToDelete(pods, this.#relatedPods(rs), count, this.#now());
      this.expectations.expectDeletions(key, victims.map(podKey));
      const failures = await Promise.all(
        victims.map(async (pod) => {
          try {
            await this.#podControl.delete(rs, pod);
          } catch (e) {
            // The informer will not see this deletion: stop waiting for it.
            this.expectations.deletionObserved(key, podKey(pod));
            if (!(e instanceof ApiError && e.reason === 'NotFound')) return e;
          }
          return undefined;
        }),
      );
      const failed = failures.find((e) => e !== undefined);
      if (failed) throw failed;
    }
  }

  /**
   * getIndirectlyRelatedPods: pods selected by any ReplicaSet with the same controller (the
   * Deployment's other revisions), so surplus pods doubled up on a node go first.
   */
  #relatedPods(rs: Obj): Obj[] {
    const ref = controllerRefOf(rs);
    if (!ref) return [];
    const seen = new Set<string>();
    const out: Obj[] = [];
    for (const sibling of this.#rsInformer.list(rs.metadata.namespace)) {
      if (controllerRefOf(sibling)?.uid !== ref.uid) continue;
      const s = this.#selectorOf(sibling);
      if (!s) continue;
      for (const pod of this.#podInformer.list(rs.metadata.namespace)) {
        if (seen.has(pod.metadata.uid) || !s.matches(pod.metadata.labels ?? {})) continue;
        seen.add(pod.metadata.uid);
        out.push(pod);
      }
    }
    return out;
  }

  /** updateReplicaSetStatus: one retry on a fresh read, as upstream. */
  async #updateStatus(rs: Obj, status: Record<string, any>): Promise<Obj> {
    let current = rs;
    for (let attempt = 0; ; attempt++) {
      if (sameReplicaSetStatus(current.status, { ...status, observedGeneration: current.metadata.generation }) && (current.status?.observedGeneration ?? 0) === current.metadata.generation) {
        return current;
      }
      const next = { ...status, observedGeneration: current.metadata.generation };
      try {
        return await this.#rsClient.updateStatus(current.metadata.namespace, { ...current, status: next });
      } catch (e) {
        if (attempt >= 1 || (e instanceof ApiError && e.reason === 'NotFound')) throw e;
        current = await this.#rsClient.get(current.metadata.namespace, current.metadata.name);
      }
    }
  }
}

export const replicaSetController: ControllerFactory = (ctx) => new ReplicaSetController(ctx);
