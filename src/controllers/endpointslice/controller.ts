// The EndpointSlice controller (upstream pkg/controller/endpointslice): for every Service with
// a selector, slices listing the selected pods. Handlers only enqueue Service keys; sync()
// reconciles one Service from the informer caches, so the result never depends on the order
// events arrived in. Portico additions: a Service that loses its selector loses this
// controller's slices (upstream leaves them, kubernetes#118376), and the Service gets the
// `portico.dev/EndpointsReady` condition plus a Warning event when it has nothing to serve.
import { ApiError } from '../../api/errors.ts';
import { WorkQueue, type EventRecorder, type Informer, type Obj, keyOf } from '../../client/index.ts';
import type { Controller, ControllerContext, ControllerFactory } from '../controller.ts';
import { diagnose, withEndpointsCondition, type Diagnosis } from './diagnosis.ts';
import { selectorMatches, serviceSelector, sortedPods, type Pod } from './pods.ts';
import { reconcile } from './reconciler.ts';
import { controllerName, labelManagedBy, labelServiceName } from './slice-meta.ts';
import { EndpointSliceTracker, StaleCacheError } from './slice-tracker.ts';
import { TriggerTimeTracker, withTriggerTime } from './trigger-time.ts';

export interface EndpointSliceControllerOptions {
  /** --max-endpoints-per-slice (1..1000, default 100). */
  maxEndpointsPerSlice?: number;
}

const splitKey = (key: string) => {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)] as const;
};

export class EndpointSliceController implements Controller {
  readonly name = 'endpointslice-controller';
  readonly #ctx: ControllerContext;
  readonly #services: Informer;
  readonly #pods: Informer;
  readonly #nodes: Informer;
  readonly #slices: Informer;
  readonly #queue: WorkQueue;
  readonly #recorder: EventRecorder;
  readonly #tracker = new EndpointSliceTracker();
  readonly #triggers = new TriggerTimeTracker();
  readonly #max: number;
  #started = false;

  constructor(ctx: ControllerContext, opts: EndpointSliceControllerOptions = {}) {
    this.#ctx = ctx;
    this.#max = Math.min(1000, Math.max(1, opts.maxEndpointsPerSlice ?? 100));
    this.#recorder = ctx.recorder('endpointslice-controller');
    this.#services = ctx.informers.for('', 'services');
    this.#pods = ctx.informers.for('', 'pods');
    this.#nodes = ctx.informers.for('', 'nodes');
    this.#slices = ctx.informers.for('discovery.k8s.io', 'endpointslices');
    this.#queue = new WorkQueue(
      (key) => this.sync(key),
      (key, err) => {
        if (!(err instanceof StaleCacheError)) ctx.log(`${this.name}: syncing service ${key}`, err);
      },
      // Upstream runs 5 syncs of different objects at once (--concurrent-*-syncs).
      { concurrency: 5 },
    );

    this.#services.on({ add: (s) => this.#enqueue(keyOf(s)), update: (_, s) => this.#enqueue(keyOf(s)), delete: (s) => this.#enqueue(keyOf(s)) });
    this.#pods.on({
      add: (p) => this.#enqueueForPod(p),
      update: (old, p) => {
        if (old.metadata.resourceVersion === p.metadata.resourceVersion) return; // resync: services resync too
        this.#enqueueForPod(p);
        if (JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(p.metadata.labels ?? {})) this.#enqueueForPod(old);
      },
      delete: (p) => this.#enqueueForPod(p),
    });
    // A Node appearing, going or changing zone changes its pods' endpoints.
    this.#nodes.on({
      add: (n) => this.#enqueueForNode(n.metadata.name),
      update: (old, n) => {
        if (old.metadata.labels?.['topology.kubernetes.io/zone'] !== n.metadata.labels?.['topology.kubernetes.io/zone']) this.#enqueueForNode(n.metadata.name);
      },
      delete: (n) => this.#enqueueForNode(n.metadata.name),
    });
    this.#slices.on({
      add: (s) => {
        if (this.#managed(s) && this.#tracker.shouldSync(this.#sliceService(s), s)) this.#enqueue(this.#sliceService(s));
      },
      update: (old, s) => {
        if (old.metadata.labels?.[labelServiceName] !== s.metadata.labels?.[labelServiceName]) {
          this.#enqueue(this.#sliceService(old));
          this.#enqueue(this.#sliceService(s));
        } else if (this.#managed(old) !== this.#managed(s) || (this.#managed(s) && this.#tracker.shouldSync(this.#sliceService(s), s))) {
          this.#enqueue(this.#sliceService(s));
        }
      },
      delete: (s) => {
        if (this.#managed(s) && !this.#tracker.handleDeletion(this.#sliceService(s), s)) this.#enqueue(this.#sliceService(s));
      },
    });
  }

  start(): void {
    this.#started = true;
    for (const s of this.#services.list()) this.#enqueue(`${s.metadata.namespace}/${s.metadata.name}`);
  }

  stop(): void {
    this.#started = false;
    this.#queue.stop();
  }

  /** True when no sync is running or waiting (for tests). */
  get idle(): boolean {
    return this.#queue.idle;
  }

  #enqueue(key: string): void {
    if (this.#started) this.#queue.add(key);
  }

  #managed(slice: Obj): boolean {
    return slice.metadata.labels?.[labelManagedBy] === controllerName;
  }

  #sliceService(slice: Obj): string {
    return `${slice.metadata.namespace}/${slice.metadata.labels?.[labelServiceName] ?? ''}`;
  }

  #enqueueForPod(pod: Pod): void {
    for (const svc of this.#services.list(pod.metadata.namespace)) {
      const sel = serviceSelector(svc);
      if (sel && selectorMatches(sel, pod.metadata.labels)) this.#enqueue(`${svc.metadata.namespace}/${svc.metadata.name}`);
    }
  }

  #enqueueForNode(node: string): void {
    for (const pod of this.#pods.list()) if (pod.spec?.nodeName === node) this.#enqueueForPod(pod);
  }

  /** Reconciles one Service's slices (and its EndpointsReady condition) from the caches. */
  async sync(key: string): Promise<void> {
    const [namespace, name] = splitKey(key);
    const svc = this.#services.get(namespace, name);
    if (!svc) {
      // Its slices go with it: they carry an ownerReference the garbage collector follows.
      this.#tracker.deleteService(key);
      this.#triggers.deleteService(namespace, name);
      return;
    }
    const slicesClient = this.#slices.client;
    const mine = this.#slices.list(namespace).filter((s) => s.metadata.labels?.[labelServiceName] === name && this.#managed(s));
    const live = mine.filter((s) => !s.metadata.deletionTimestamp);
    const selector = serviceSelector(svc);
    if (!selector) {
      // Selectorless (or ExternalName): the user manages endpoints. Remove what we published
      // while it had a selector, so no stale pod address outlives the selector.
      for (const s of live) {
        await this.#deleteSlice(key, s);
      }
      await this.#writeCondition(svc, undefined);
      return;
    }
    if (this.#tracker.stale(key, live)) throw new StaleCacheError();

    const pods = sortedPods(this.#pods.selectEqual(namespace, selector));
    const triggerTime = this.#triggers.compute(svc, pods);
    const plan = reconcile({
      service: svc,
      pods,
      existing: live,
      node: (n) => this.#nodes.get(undefined, n),
      maxEndpointsPerSlice: this.#max,
      managedBy: controllerName,
    });

    // Creating slices for a Service being deleted would race the garbage collector.
    if (!svc.metadata.deletionTimestamp) {
      for (const s of plan.create) {
        s.metadata.annotations = withTriggerTime(s.metadata.annotations, triggerTime);
        try {
          const created = await slicesClient.create(namespace, s);
          this.#tracker.update(key, created);
        } catch (e) {
          // A terminating namespace refuses creates for good: nothing to retry.
          if (e instanceof ApiError && e.code === 403 && /being terminated/.test(e.message)) return;
          throw e;
        }
      }
    }
    for (const s of plan.update) {
      s.metadata.annotations = withTriggerTime(s.metadata.annotations, triggerTime);
      const updated = await slicesClient.update(namespace, s);
      this.#tracker.update(key, updated);
    }
    for (const s of plan.delete) await this.#deleteSlice(key, s);

    await this.#writeCondition(svc, diagnose(svc, selector, pods));
    if (plan.missingNodes.length > 0) throw new Error(`skipped pods whose Node is not found: ${plan.missingNodes.join(', ')}`);
  }

  async #deleteSlice(key: string, slice: Obj): Promise<void> {
    try {
      await this.#slices.client.delete(slice.metadata.namespace, slice.metadata.name, { preconditions: { uid: slice.metadata.uid } });
    } catch (e) {
      if (!(e instanceof ApiError && (e.reason === 'NotFound' || e.reason === 'Conflict'))) throw e;
    }
    this.#tracker.expectDeletion(key, slice);
  }

  /** Sets (or, with no diagnosis, removes) the EndpointsReady condition through /status. */
  async #writeCondition(svc: Obj, d: Diagnosis | undefined): Promise<void> {
    const conditions = withEndpointsCondition(svc, d);
    if (!conditions) return;
    await this.#services.client.updateStatus(svc.metadata.namespace, { ...svc, status: { ...svc.status, conditions } });
    // Warn once per new problem; the condition already says it when nothing changed.
    if (d && !d.ready) this.#recorder.event(svc, 'Warning', d.reason, d.message);
  }
}

export const endpointSliceController: ControllerFactory = (ctx) => new EndpointSliceController(ctx);
