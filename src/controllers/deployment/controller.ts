// The Deployment controller (upstream pkg/controller/deployment): owns ReplicaSets, one per
// pod template, and moves replicas between them as the strategy says. Handlers only enqueue
// Deployment keys; sync(key) reconciles from the caches and writes through the API.
import { labelSelectorFromObject, type LabelSelector } from '../../api/selectors/index.ts';
import { WorkQueue, type Informer, type Obj, keyOf } from '../../client/index.ts';
import type { Controller, ControllerContext, ControllerFactory } from '../controller.ts';
import { ControllerRefManager, controllerRefOf, recheckOwner, withKind, type OwnerReference } from '../replicaset/index.ts';
import { rolloutRecreate } from './recreate.ts';
import { rolloutRolling } from './rolling.ts';
import { checkPausedConditions, isScalingEvent, syncScaleOrPaused, syncStatusOnly, updateDeploymentStatus, type SyncContext } from './sync.ts';

export interface DeploymentControllerOptions {
  now?: () => number;
}

const sameLabels = (a: Obj, b: Obj) => JSON.stringify(Object.entries(a.metadata.labels ?? {}).sort()) === JSON.stringify(Object.entries(b.metadata.labels ?? {}).sort());

export class DeploymentController implements Controller {
  readonly name = 'deployment-controller';
  readonly #dInformer: Informer;
  readonly #rsInformer: Informer;
  readonly #podInformer: Informer;
  readonly #queue: WorkQueue;
  readonly #sc: SyncContext;
  readonly #log: ControllerContext['log'];
  readonly #selectors = new WeakMap<Obj, LabelSelector | null>();
  #started = false;

  constructor(ctx: ControllerContext, opts: DeploymentControllerOptions = {}) {
    this.#dInformer = ctx.informers.for('apps', 'deployments');
    this.#rsInformer = ctx.informers.for('apps', 'replicasets');
    this.#podInformer = ctx.informers.for('', 'pods');
    this.#log = ctx.log;
    this.#queue = new WorkQueue(
      (key) => this.sync(key),
      (key, err) => this.#log(`deployment-controller: syncing ${key}`, err),
      // Upstream runs 5 syncs of different objects at once (--concurrent-*-syncs).
      { concurrency: 5 },
    );
    this.#sc = {
      deployments: this.#dInformer.client,
      replicaSets: this.#rsInformer.client,
      rsInformer: this.#rsInformer,
      recorder: ctx.recorder('deployment-controller'),
      now: opts.now ?? Date.now,
      enqueueAfter: (d, ms) => this.#enqueue(d, ms),
    };

    this.#dInformer.on({
      add: (d) => this.#enqueue(d),
      update: (_old, d) => this.#enqueue(d),
      delete: (d) => this.#enqueue(d),
    });
    this.#rsInformer.on({
      add: (rs) => this.#addReplicaSet(rs),
      update: (old, rs) => this.#updateReplicaSet(old, rs),
      delete: (rs) => this.#deleteReplicaSet(rs),
    });
    this.#podInformer.on({ delete: (pod) => this.#deletePod(pod) });
  }

  start(): void {
    this.#started = true;
    for (const d of this.#dInformer.list()) this.#queue.add(keyOf(d));
  }

  stop(): void {
    this.#queue.stop();
  }

  get idle(): boolean {
    return this.#queue.idle;
  }

  #enqueue(d: Obj, afterMs?: number): void {
    if (!this.#started) return;
    if (afterMs !== undefined) this.#queue.addAfter(keyOf(d), afterMs);
    else this.#queue.add(keyOf(d));
  }

  #selectorOf(d: Obj): LabelSelector | null {
    let s = this.#selectors.get(d);
    if (s === undefined) {
      try {
        s = labelSelectorFromObject(d.spec?.selector);
      } catch {
        s = null;
      }
      this.#selectors.set(d, s);
    }
    return s;
  }

  #resolve(namespace: string, ref: OwnerReference): Obj | undefined {
    if (ref.kind !== 'Deployment' || !/^apps\//.test(ref.apiVersion)) return undefined;
    const d = this.#dInformer.get(namespace, ref.name);
    return d && d.metadata.uid === ref.uid ? d : undefined;
  }

  /** getDeploymentsForReplicaSet: Deployments that could adopt an orphan ReplicaSet. */
  #deploymentsMatching(rs: Obj): Obj[] {
    return this.#dInformer.list(rs.metadata.namespace).filter((d) => {
      const s = this.#selectorOf(d);
      return s && !s.empty && s.matches(rs.metadata.labels ?? {});
    });
  }

  #addReplicaSet(rs: Obj): void {
    if (rs.metadata.deletionTimestamp) {
      this.#deleteReplicaSet(rs);
      return;
    }
    const ref = controllerRefOf(rs);
    if (ref) {
      const d = this.#resolve(rs.metadata.namespace, ref);
      if (d) this.#enqueue(d);
      return;
    }
    for (const d of this.#deploymentsMatching(rs)) this.#enqueue(d);
  }

  #updateReplicaSet(old: Obj, rs: Obj): void {
    if (old.metadata.resourceVersion === rs.metadata.resourceVersion) return;
    const ref = controllerRefOf(rs);
    const oldRef = controllerRefOf(old);
    const refChanged = ref?.uid !== oldRef?.uid;
    if (refChanged && oldRef) {
      const d = this.#resolve(old.metadata.namespace, oldRef);
      if (d) this.#enqueue(d);
    }
    if (ref) {
      const d = this.#resolve(rs.metadata.namespace, ref);
      if (d) this.#enqueue(d);
      return;
    }
    if (!sameLabels(old, rs) || refChanged) for (const d of this.#deploymentsMatching(rs)) this.#enqueue(d);
  }

  #deleteReplicaSet(rs: Obj): void {
    const ref = controllerRefOf(rs);
    if (!ref) return;
    const d = this.#resolve(rs.metadata.namespace, ref);
    if (d) this.#enqueue(d);
  }

  /** A Recreate rollout waits for the last old pod to be gone; this is when to look again. */
  #deletePod(pod: Obj): void {
    const ref = controllerRefOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return;
    const rs = this.#rsInformer.get(pod.metadata.namespace, ref.name);
    if (!rs || rs.metadata.uid !== ref.uid) return;
    const dRef = controllerRefOf(rs);
    const d = dRef && this.#resolve(rs.metadata.namespace, dRef);
    if (d && d.spec?.strategy?.type === 'Recreate') this.#enqueue(d);
  }

  async sync(key: string): Promise<void> {
    const [namespace, name] = key.split('/') as [string, string];
    const cached = this.#dInformer.get(namespace, name);
    if (!cached) return;
    const d = withKind(structuredClone(cached), 'apps/v1', 'Deployment');
    const selector = this.#selectorOf(cached);
    if (!selector) {
      this.#log(`deployment-controller: ${key} has an invalid selector`);
      return;
    }
    if (selector.empty) {
      this.#sc.recorder.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        d.status = { ...d.status, observedGeneration: d.metadata.generation };
        await updateDeploymentStatus(this.#sc, d);
      }
      return;
    }
    const rsList = await this.#claimReplicaSets(d, selector);
    const podMap = this.#podMap(d, selector, rsList);
    if (d.metadata.deletionTimestamp) return syncStatusOnly(this.#sc, d, rsList);
    await checkPausedConditions(this.#sc, d);
    if (d.spec?.paused) return syncScaleOrPaused(this.#sc, d, rsList);
    if (await isScalingEvent(this.#sc, d, rsList)) return syncScaleOrPaused(this.#sc, d, rsList);
    switch (d.spec?.strategy?.type ?? 'RollingUpdate') {
      case 'Recreate':
        return rolloutRecreate(this.#sc, d, rsList, podMap);
      case 'RollingUpdate':
        return rolloutRolling(this.#sc, d, rsList);
      default:
        throw new Error(`unexpected deployment strategy type: ${d.spec.strategy.type}`);
    }
  }

  /** getReplicaSetsForDeployment: adopt matching orphans, release owned ones that stopped matching. */
  async #claimReplicaSets(d: Obj, selector: LabelSelector): Promise<Obj[]> {
    const manager = new ControllerRefManager({
      owner: d,
      ownerApiVersion: 'apps/v1',
      ownerKind: 'Deployment',
      selector,
      client: this.#sc.replicaSets,
      canAdopt: recheckOwner(this.#sc.deployments, d, 'Deployment'),
    });
    const { claimed, errors } = await manager.claim(this.#rsInformer.list(d.metadata.namespace));
    if (errors.length) throw errors[0];
    return claimed.map((rs) => structuredClone(rs));
  }

  /** getPodMapForDeployment: selected pods grouped by the ReplicaSet (of ours) controlling them. */
  #podMap(d: Obj, selector: LabelSelector, rsList: Obj[]): Map<string, Obj[]> {
    const map = new Map<string, Obj[]>(rsList.map((rs) => [rs.metadata.uid as string, []]));
    for (const pod of this.#podInformer.list(d.metadata.namespace)) {
      if (!selector.matches(pod.metadata.labels ?? {})) continue;
      const ref = controllerRefOf(pod);
      if (ref && map.has(ref.uid)) map.get(ref.uid)!.push(pod);
    }
    return map;
  }
}

export const deploymentController: ControllerFactory = (ctx) => new DeploymentController(ctx);
