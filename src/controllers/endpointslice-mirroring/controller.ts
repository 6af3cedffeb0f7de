// The EndpointSlice mirroring controller (upstream pkg/controller/endpointslicemirroring):
// Endpoints written by hand for a selectorless Service are mirrored into EndpointSlices, so
// consumers that read only slices (the proxy, DNS) see them. Skipped: Endpoints labelled
// `endpointslice.kubernetes.io/skip-mirror: "true"`, leader-election records, and Endpoints
// whose Service has a selector (their mirrored slices are deleted) or does not exist.
// Hand-written EndpointSlices are never touched: only slices managed by this controller are.
import { ApiError } from '../../api/errors.ts';
import { WorkQueue, type EventRecorder, type Informer, type Obj, keyOf } from '../../client/index.ts';
import type { Controller, ControllerContext, ControllerFactory } from '../controller.ts';
import { EndpointSliceTracker, StaleCacheError, labelManagedBy, labelServiceName } from '../endpointslice/index.ts';
import { maxEndpointsPerSubset, mirroringControllerName, reconcileMirror } from './reconciler.ts';

export const skipMirrorLabel = 'endpointslice.kubernetes.io/skip-mirror';
const leaderElectionAnnotation = 'control-plane.alpha.kubernetes.io/leader';

export function shouldMirror(endpoints: Obj | undefined): boolean {
  return !!endpoints && endpoints.metadata.labels?.[skipMirrorLabel] !== 'true' && endpoints.metadata.annotations?.[leaderElectionAnnotation] === undefined;
}

/** A selector in the mirroring sense: upstream checks `Spec.Selector != nil` only. */
const hasSelector = (svc: Obj) => svc.spec?.selector != null && Object.keys(svc.spec.selector).length > 0;

export class EndpointSliceMirroringController implements Controller {
  readonly name = 'endpointslice-mirroring-controller';
  readonly #services: Informer;
  readonly #endpoints: Informer;
  readonly #slices: Informer;
  readonly #queue: WorkQueue;
  readonly #recorder: EventRecorder;
  readonly #tracker = new EndpointSliceTracker();
  #started = false;

  constructor(ctx: ControllerContext) {
    this.#recorder = ctx.recorder('endpointslice-mirroring-controller.k8s.io');
    this.#services = ctx.informers.for('', 'services');
    this.#endpoints = ctx.informers.for('', 'endpoints');
    this.#slices = ctx.informers.for('discovery.k8s.io', 'endpointslices');
    this.#queue = new WorkQueue(
      (key) => this.sync(key),
      (key, err) => {
        if (!(err instanceof StaleCacheError)) ctx.log(`${this.name}: syncing endpoints ${key}`, err);
      },
      // Upstream runs 5 syncs of different objects at once (--concurrent-*-syncs).
      { concurrency: 5 },
    );
    this.#services.on({
      add: (s) => !hasSelector(s) && this.#enqueue(keyOf(s)),
      update: (old, s) => hasSelector(old) !== hasSelector(s) && this.#enqueue(keyOf(s)),
      delete: (s) => !hasSelector(s) && this.#enqueue(keyOf(s)),
    });
    this.#endpoints.on({
      add: (e) => shouldMirror(e) && this.#enqueue(keyOf(e)),
      update: (old, e) => (shouldMirror(old) || shouldMirror(e)) && this.#enqueue(keyOf(e)),
      delete: (e) => shouldMirror(e) && this.#enqueue(keyOf(e)),
    });
    const owner = (s: Obj) => `${s.metadata.namespace}/${s.metadata.labels?.[labelServiceName] ?? ''}`;
    const managed = (s: Obj) => s.metadata.labels?.[labelManagedBy] === mirroringControllerName;
    this.#slices.on({
      add: (s) => managed(s) && this.#tracker.shouldSync(owner(s), s) && this.#enqueue(owner(s)),
      update: (old, s) => {
        if (old.metadata.labels?.[labelServiceName] !== s.metadata.labels?.[labelServiceName]) {
          this.#enqueue(owner(old));
          this.#enqueue(owner(s));
        } else if (managed(old) !== managed(s) || (managed(s) && this.#tracker.shouldSync(owner(s), s))) this.#enqueue(owner(s));
      },
      delete: (s) => managed(s) && !this.#tracker.handleDeletion(owner(s), s) && this.#enqueue(owner(s)),
    });
  }

  start(): void {
    this.#started = true;
    for (const e of this.#endpoints.list()) if (shouldMirror(e)) this.#enqueue(`${e.metadata.namespace}/${e.metadata.name}`);
    for (const s of this.#slices.list()) if (s.metadata.labels?.[labelManagedBy] === mirroringControllerName) this.#enqueue(`${s.metadata.namespace}/${s.metadata.labels?.[labelServiceName] ?? ''}`);
  }

  stop(): void {
    this.#started = false;
    this.#queue.stop();
  }

  get idle(): boolean {
    return this.#queue.idle;
  }

  #enqueue(key: string): void {
    if (this.#started) this.#queue.add(key);
  }

  #mirrored(namespace: string, name: string): Obj[] {
    return this.#slices.list(namespace).filter((s) => s.metadata.labels?.[labelServiceName] === name && s.metadata.labels?.[labelManagedBy] === mirroringControllerName);
  }

  async sync(key: string): Promise<void> {
    const i = key.indexOf('/');
    const namespace = key.slice(0, i), name = key.slice(i + 1);
    const endpoints = this.#endpoints.get(namespace, name);
    const svc = this.#services.get(namespace, name);
    const mirrored = this.#mirrored(namespace, name).filter((s) => !s.metadata.deletionTimestamp);
    if (!endpoints || !svc) {
      // Mirrored slices are owned by the Endpoints, and the API server deletes the Endpoints
      // with its Service: the garbage collector removes them, so we do not race it.
      this.#tracker.deleteService(key);
      return;
    }
    if (!shouldMirror(endpoints) || hasSelector(svc)) {
      this.#tracker.deleteService(key);
      for (const s of mirrored) await this.#delete(s);
      return;
    }
    if (this.#tracker.stale(key, mirrored)) throw new StaleCacheError();
    const plan = reconcileMirror(endpoints, mirrored);
    if (plan.invalidAddresses > 0) this.#recorder.event(endpoints, 'Warning', 'InvalidIPAddress', `Skipped ${plan.invalidAddresses} invalid IP addresses when mirroring to EndpointSlices`);
    if (plan.skippedAddresses > plan.invalidAddresses) {
      this.#recorder.event(endpoints, 'Warning', 'TooManyAddressesToMirror', `A max of ${maxEndpointsPerSubset} addresses can be mirrored to EndpointSlices per Endpoints subset. ${plan.skippedAddresses} addresses were skipped`);
    }
    const client = this.#slices.client;
    if (!endpoints.metadata.deletionTimestamp) {
      for (const s of plan.create) {
        try {
          this.#tracker.update(key, await client.create(namespace, s));
        } catch (e) {
          if (e instanceof ApiError && e.code === 403 && /being terminated/.test(e.message)) return;
          throw e;
        }
      }
    }
    for (const s of plan.update) this.#tracker.update(key, await client.update(namespace, s));
    for (const s of plan.delete) await this.#delete(s);
  }

  async #delete(slice: Obj): Promise<void> {
    const key = `${slice.metadata.namespace}/${slice.metadata.labels?.[labelServiceName] ?? ''}`;
    try {
      await this.#slices.client.delete(slice.metadata.namespace, slice.metadata.name, { preconditions: { uid: slice.metadata.uid } });
    } catch (e) {
      if (!(e instanceof ApiError && (e.reason === 'NotFound' || e.reason === 'Conflict'))) throw e;
    }
    this.#tracker.expectDeletion(key, slice);
  }
}

export const endpointSliceMirroringController: ControllerFactory = (ctx) => new EndpointSliceMirroringController(ctx);
