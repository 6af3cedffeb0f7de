// The Endpoints (v1) controller (upstream pkg/controller/endpoint): for every Service with a
// selector, an Endpoints object of the same name listing the selected pods' addresses, ready
// ones in `addresses` and the others in `notReadyAddresses`, packed by port set, capped at 1000
// addresses. Labels are the Service's plus the headless marker and, as since Kubernetes 1.33,
// `endpoints.kubernetes.io/managed-by: endpoint-controller`. Endpoints of selectorless Services
// are the user's and stay untouched; Portico deletes only its own (managed-by) Endpoints when a
// Service loses its selector, so the mirroring controller does not publish stale pod addresses.
import { ApiError } from '../../api/errors.ts';
import { WorkQueue, type EventRecorder, type Informer, type Obj, keyOf } from '../../client/index.ts';
import type { Controller, ControllerContext, ControllerFactory } from '../controller.ts';
import {
  findPort,
  isIPv6,
  isPodReady,
  isServiceIPSet,
  labelHeadless,
  podIPs,
  sameMap,
  selectorMatches,
  serviceSelector,
  shouldPodBeInEndpoints,
  shouldSetHostname,
  sortedPods,
  TriggerTimeTracker,
  withTriggerTime,
  type Pod,
  type Service,
  type ServicePort,
} from '../endpointslice/index.ts';
import { repackSubsets, subsetsEqual, truncateSubsets, type EndpointAddress, type EndpointSubset, type EndpointsPort } from './subsets.ts';

export const overCapacityAnnotation = 'endpoints.kubernetes.io/over-capacity';
export const endpointsManagedByLabel = 'endpoints.kubernetes.io/managed-by';
export const endpointsControllerName = 'endpoint-controller';
const leaderElectionAnnotation = 'control-plane.alpha.kubernetes.io/leader';

/** podToEndpointAddressForService: the pod's IP of the Service's primary family. */
export function podAddress(svc: Service, pod: Pod): EndpointAddress | undefined {
  const families = (svc.spec?.ipFamilies ?? []) as string[];
  let v6: boolean;
  if (families.length > 0) v6 = families[0] === 'IPv6';
  else if (isServiceIPSet(svc)) v6 = isIPv6(svc.spec.clusterIP);
  else v6 = isIPv6(pod.status?.podIP ?? '');
  const ip = podIPs(pod).find((a) => isIPv6(a) === v6);
  if (!ip) return undefined;
  const addr: EndpointAddress = { ip };
  if (shouldSetHostname(pod, svc)) addr.hostname = pod.spec.hostname;
  if (pod.spec?.nodeName) addr.nodeName = pod.spec.nodeName;
  addr.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
  return addr;
}

/** The subsets the Service's selected pods make, repacked (before truncation). */
export function desiredSubsets(svc: Service, pods: Pod[]): EndpointSubset[] {
  const pnra = svc.spec?.publishNotReadyAddresses === true;
  const subsets: EndpointSubset[] = [];
  const ports = (svc.spec?.ports ?? []) as ServicePort[];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, pnra)) continue;
    const addr = podAddress(svc, pod);
    if (!addr) continue;
    const ready = pnra || isPodReady(pod);
    const place = (p: EndpointsPort[]) => subsets.push(ready ? { addresses: [addr], ports: p } : { notReadyAddresses: [addr], ports: p });
    if (ports.length === 0) {
      // A headless Service may have no ports; its addresses still count.
      if (svc.spec?.clusterIP === 'None') place([]);
      continue;
    }
    for (const sp of ports) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const ep: EndpointsPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
      if (sp.appProtocol !== undefined) ep.appProtocol = sp.appProtocol;
      place([ep]);
    }
  }
  return repackSubsets(subsets);
}

const withoutKeys = (m: Record<string, string> | undefined, ...keys: string[]) => {
  const out = { ...m };
  for (const k of keys) delete out[k];
  return out;
};

export class EndpointsController implements Controller {
  readonly name = 'endpoints-controller';
  readonly #ctx: ControllerContext;
  readonly #services: Informer;
  readonly #pods: Informer;
  readonly #endpoints: Informer;
  readonly #queue: WorkQueue;
  readonly #recorder: EventRecorder;
  readonly #triggers = new TriggerTimeTracker();
  /** Our Endpoints found at start with no Service (checkLeftoverEndpoints). */
  readonly #leftovers = new Set<string>();
  #started = false;

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
    this.#recorder = ctx.recorder('endpoint-controller');
    this.#services = ctx.informers.for('', 'services');
    this.#pods = ctx.informers.for('', 'pods');
    this.#endpoints = ctx.informers.for('', 'endpoints');
    this.#queue = new WorkQueue(
      (key) => this.sync(key),
      (key, err) => ctx.log(`${this.name}: syncing service ${key}`, err),
      // Upstream runs 5 syncs of different objects at once (--concurrent-*-syncs).
      { concurrency: 5 },
    );
    this.#services.on({ add: (s) => this.#enqueue(keyOf(s)), update: (_, s) => this.#enqueue(keyOf(s)), delete: (s) => this.#enqueue(keyOf(s)) });
    this.#pods.on({
      add: (p) => this.#enqueueForPod(p),
      update: (old, p) => {
        if (old.metadata.resourceVersion === p.metadata.resourceVersion) return;
        this.#enqueueForPod(p);
        if (JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(p.metadata.labels ?? {})) this.#enqueueForPod(old);
      },
      delete: (p) => this.#enqueueForPod(p),
    });
    this.#endpoints.on({ delete: (e) => this.#enqueue(keyOf(e)) });
  }

  start(): void {
    this.#started = true;
    for (const s of this.#services.list()) this.#enqueue(`${s.metadata.namespace}/${s.metadata.name}`);
    // checkLeftoverEndpoints: our Endpoints whose Service went while we were away.
    for (const e of this.#endpoints.list()) {
      if (e.metadata.annotations?.[leaderElectionAnnotation] !== undefined) continue;
      if (e.metadata.labels?.[endpointsManagedByLabel] !== endpointsControllerName) continue;
      const key = `${e.metadata.namespace}/${e.metadata.name}`;
      if (!this.#services.get(e.metadata.namespace, e.metadata.name)) this.#leftovers.add(key);
      this.#enqueue(key);
    }
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

  #enqueueForPod(pod: Pod): void {
    for (const svc of this.#services.list(pod.metadata.namespace)) {
      const sel = serviceSelector(svc);
      if (sel && selectorMatches(sel, pod.metadata.labels)) this.#enqueue(`${svc.metadata.namespace}/${svc.metadata.name}`);
    }
  }

  async sync(key: string): Promise<void> {
    const i = key.indexOf('/');
    const namespace = key.slice(0, i), name = key.slice(i + 1);
    const client = this.#endpoints.client;
    const svc = this.#services.get(namespace, name);
    const current = this.#endpoints.get(namespace, name);
    if (!svc) {
      // The API server deletes a Service's Endpoints with it, so unlike upstream we delete
      // only what a Service deleted while we were away left behind. (Deleting it here too
      // would race the API server's own delete; two concurrent deletes of one object hang
      // the WAL store today.)
      this.#triggers.deleteService(namespace, name);
      if (current && this.#leftovers.has(key) && current.metadata.annotations?.[leaderElectionAnnotation] === undefined) await this.#delete(current);
      this.#leftovers.delete(key);
      return;
    }
    this.#leftovers.delete(key);
    const selector = serviceSelector(svc);
    if (!selector) {
      if (svc.spec?.type !== 'ExternalName' && current?.metadata.labels?.[endpointsManagedByLabel] === endpointsControllerName) await this.#delete(current);
      return;
    }

    const pods = sortedPods(this.#pods.selectEqual(namespace, selector));
    const triggerTime = this.#triggers.compute(svc, pods);
    const subsets = desiredSubsets(svc, pods);
    const svcLabels = (svc.metadata.labels ?? {}) as Record<string, string>;

    // Compare with what we would write (after truncation), so an over-capacity Endpoints is
    // not rewritten on every sync either.
    const want = structuredClone(subsets);
    const truncated = truncateSubsets(want);
    if (
      current &&
      subsetsEqual(current.subsets, want) &&
      (current.metadata.annotations?.[overCapacityAnnotation] === 'truncated') === truncated &&
      sameMap(withoutKeys(current.metadata.labels, labelHeadless, endpointsManagedByLabel), withoutKeys(svcLabels, labelHeadless, endpointsManagedByLabel)) &&
      current.metadata.labels?.[endpointsManagedByLabel] === endpointsControllerName
    ) {
      return;
    }

    let annotations = withTriggerTime(current?.metadata.annotations, triggerTime);
    if (truncated) annotations = { ...annotations, [overCapacityAnnotation]: 'truncated' };
    else delete annotations[overCapacityAnnotation];
    const labels: Record<string, string> = { ...svcLabels, [endpointsManagedByLabel]: endpointsControllerName };
    if (!isServiceIPSet(svc)) labels[labelHeadless] = '';
    else delete labels[labelHeadless];

    const body: Obj = {
      ...(current ?? {}),
      metadata: { ...(current?.metadata ?? { name, namespace }), labels, annotations },
      subsets: want,
    };
    try {
      if (current) await client.update(namespace, body);
      else await client.create(namespace, body);
    } catch (e) {
      if (e instanceof ApiError && e.code === 403 && /being terminated/.test(e.message)) return;
      // A cache one write behind (AlreadyExists, Conflict) is not worth a user's attention: retry.
      if (e instanceof ApiError && (e.reason === 'AlreadyExists' || e.reason === 'Conflict')) throw e;
      this.#recorder.event(
        { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace, uid: current?.metadata.uid } },
        'Warning',
        current ? 'FailedToUpdateEndpoint' : 'FailedToCreateEndpoint',
        current ? `Failed to update endpoint ${namespace}/${name}: ${(e as Error).message}` : `Failed to create endpoint for service ${namespace}/${name}: ${(e as Error).message}`,
      );
      throw e;
    }
  }

  async #delete(ep: Obj): Promise<void> {
    try {
      await this.#endpoints.client.delete(ep.metadata.namespace, ep.metadata.name, { preconditions: { uid: ep.metadata.uid } });
    } catch (e) {
      if (!(e instanceof ApiError && (e.reason === 'NotFound' || e.reason === 'Conflict'))) throw e;
    }
  }
}

export const endpointsController: ControllerFactory = (ctx) => new EndpointsController(ctx);
