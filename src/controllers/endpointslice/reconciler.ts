// The EndpointSlice reconciler (upstream staging/src/k8s.io/endpointslice/reconciler.go) as a
// pure function: from a Service, its pods and the slices it already has, the slices to create,
// update and delete. It keeps upstream's packing: endpoints are grouped by their resolved port
// set; existing slices keep the endpoints they have (updated in place), freed room in slices
// being updated anyway is filled first, then the leftover goes into the unchanged slice it
// fits best, else into new slices; a slice whose content is unchanged is not written; a
// Service with nothing to publish keeps exactly one empty placeholder slice per family.
import type { Obj } from '../../client/index.ts';
import { EndpointSet, endpointsEqualBeyondHash, portMapKey, type Endpoint, type EndpointPort } from './endpoint-set.ts';
import { addressTypesForService, findPort, isIPv6, isPodReady, podIPs, shouldPodBeInEndpoints, shouldSetHostname, type AddressType, type Pod, type Service, type ServicePort } from './pods.ts';
import { newSlice, ownedBy, sameMap, sliceLabels } from './slice-meta.ts';

export interface SlicePlan {
  create: Obj[];
  update: Obj[];
  delete: Obj[];
  /** Pods skipped because their Node is unknown (the sync retries later). */
  missingNodes: string[];
}

export interface ReconcileInput {
  service: Service;
  pods: Pod[];
  existing: Obj[];
  node(name: string): Obj | undefined;
  maxEndpointsPerSlice: number;
  managedBy: string;
}

const zoneLabel = 'topology.kubernetes.io/zone';

/** getEndpointPorts: the Service's ports resolved on this pod; ports the pod lacks are left out. */
export function endpointPorts(svc: Service, pod: Pod): EndpointPort[] {
  const ports = (svc.spec?.ports ?? []) as ServicePort[];
  if (ports.length === 0 && svc.spec?.clusterIP === 'None') return [];
  const out: EndpointPort[] = [];
  for (const sp of ports) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const ep: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol !== undefined) ep.appProtocol = sp.appProtocol;
    out.push(ep);
  }
  return out;
}

/** podToEndpoint: addresses of one family, conditions, node, zone, hostname, targetRef. */
export function podToEndpoint(pod: Pod, node: Obj | undefined, svc: Service, addressType: AddressType): Endpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  // Never "ready" while terminating, unless the Service publishes not-ready addresses.
  const ready = svc.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  const ep: Endpoint = {
    addresses: podIPs(pod).filter((ip) => isIPv6(ip) === (addressType === 'IPv6')),
    conditions: { ready, serving, terminating },
  };
  if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec.hostname;
  ep.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  const zone = node?.metadata.labels?.[zoneLabel];
  if (zone) ep.zone = zone;
  return ep;
}

export function reconcile(input: ReconcileInput): SlicePlan {
  const { service } = input;
  const plan: SlicePlan = { create: [], update: [], delete: [], missingNodes: [] };
  const families = addressTypesForService(service);
  const byFamily = new Map<string, Obj[]>();
  for (const s of input.existing) {
    if (!families.includes(s.addressType)) plan.delete.push(s); // a family the Service no longer has
    else byFamily.set(s.addressType, [...(byFamily.get(s.addressType) ?? []), s]);
  }
  for (const family of families) {
    const part = reconcileFamily(input, byFamily.get(family) ?? [], family, plan.missingNodes);
    plan.create.push(...part.create);
    plan.update.push(...part.update);
    plan.delete.push(...part.delete);
  }
  plan.missingNodes = [...new Set(plan.missingNodes)];
  return recycle(plan, service);
}

function reconcileFamily(input: ReconcileInput, existing: Obj[], family: AddressType, missingNodes: string[]): Omit<SlicePlan, 'missingNodes'> {
  const { service: svc } = input;
  const toCreate: Obj[] = [];
  const toUpdate: Obj[] = [];
  const toDelete: Obj[] = [];

  const existingByPorts = new Map<string, Obj[]>();
  for (const s of existing) {
    if (!ownedBy(s, svc)) {
      toDelete.push(s); // left over by an earlier Service of the same name
      continue;
    }
    const k = portMapKey(s.ports);
    existingByPorts.set(k, [...(existingByPorts.get(k) ?? []), s]);
  }

  const desired = new Map<string, { ports: EndpointPort[]; set: EndpointSet }>();
  for (const pod of input.pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = endpointPorts(svc, pod);
    const k = portMapKey(ports);
    let group = desired.get(k);
    if (!group) desired.set(k, (group = { ports, set: new EndpointSet() }));
    const node = pod.spec?.nodeName ? input.node(pod.spec.nodeName) : undefined;
    if (!node && svc.spec?.publishNotReadyAddresses !== true) {
      // The pod's Node is unknown: leave the pod out for now and retry (upstream), so one
      // dangling reference never holds the whole Service back.
      missingNodes.push(`${pod.metadata.name} (node ${JSON.stringify(pod.spec?.nodeName ?? '')})`);
      continue;
    }
    const ep = podToEndpoint(pod, node, svc, family);
    if (ep.addresses.length > 0) group.set.insert(ep);
  }

  for (const [k, { ports, set }] of desired) {
    const r = reconcileByPorts(input, existingByPorts.get(k) ?? [], set, ports, family);
    toCreate.push(...r.create);
    toUpdate.push(...r.update);
    toDelete.push(...r.delete);
  }
  for (const [k, slices] of existingByPorts) if (!desired.has(k)) toDelete.push(...slices);

  // Nothing to publish: keep (or create) one empty placeholder slice.
  if (existing.length === toDelete.length && toCreate.length === 0) {
    const placeholder = newSlice(svc, [], family, input.managedBy);
    if (toDelete.length === 1 && isPlaceholderLike(toDelete[0]!, placeholder)) toDelete.length = 0;
    else toCreate.push(placeholder);
  }
  return { create: toCreate, update: toUpdate, delete: toDelete };
}

/** placeholderSliceCompare: same namespace, labels, owners, family, and no ports or endpoints. */
function isPlaceholderLike(slice: Obj, placeholder: Obj): boolean {
  const owners = (o: Obj) => JSON.stringify((o.metadata.ownerReferences ?? []).map((r: Record<string, unknown>) => [r.apiVersion, r.kind, r.name, r.uid, r.controller ?? null, r.blockOwnerDeletion ?? null]));
  return (
    slice.metadata.namespace === placeholder.metadata.namespace &&
    sameMap(slice.metadata.labels, placeholder.metadata.labels) &&
    owners(slice) === owners(placeholder) &&
    slice.addressType === placeholder.addressType &&
    (slice.ports ?? []).length === 0 &&
    (slice.endpoints ?? []).length === 0
  );
}

function reconcileByPorts(input: ReconcileInput, existing: Obj[], desired: EndpointSet, ports: EndpointPort[], family: AddressType): Omit<SlicePlan, 'missingNodes'> {
  const { service: svc, maxEndpointsPerSlice: max, managedBy } = input;
  const byName = new Map<string, Obj>();
  const unchanged = new Set<string>();
  const toUpdateNames = new Set<string>();
  const toDeleteNames = new Set<string>();

  // 1. Keep the endpoints still wanted in each slice (updated in place), drop the others.
  for (const slice of existing) {
    byName.set(slice.metadata.name, slice);
    const kept: Endpoint[] = [];
    let endpointUpdated = false;
    for (const ep of (slice.endpoints ?? []) as Endpoint[]) {
      const want = desired.get(ep);
      if (!want) continue;
      kept.push(want);
      if (!endpointsEqualBeyondHash(want, ep)) endpointUpdated = true;
      desired.delete(ep);
    }
    const { labels, changed: labelsChanged } = sliceLabels(slice.metadata.labels, svc, managedBy);
    const count = (slice.endpoints ?? []).length;
    if (endpointUpdated || count !== kept.length) {
      if (kept.length === 0) toDeleteNames.add(slice.metadata.name);
      else {
        byName.set(slice.metadata.name, { ...slice, metadata: { ...slice.metadata, labels }, endpoints: kept });
        toUpdateNames.add(slice.metadata.name);
      }
    } else if (labelsChanged) {
      byName.set(slice.metadata.name, { ...slice, metadata: { ...slice.metadata, labels } });
      toUpdateNames.add(slice.metadata.name);
    } else {
      unchanged.add(slice.metadata.name);
    }
  }

  // 2. Fill the slices being written anyway, fullest first.
  if (desired.size > 0 && toUpdateNames.size > 0) {
    const slices = [...toUpdateNames].map((n) => byName.get(n)!).sort((a, b) => b.endpoints.length - a.endpoints.length);
    for (const s of slices) while (desired.size > 0 && s.endpoints.length < max) s.endpoints.push(desired.pop()!);
  }

  // 3. The rest: into the unchanged slice it fits best (when it all fits), else new slices.
  const toCreate: Obj[] = [];
  while (desired.size > 0) {
    let fill: Obj | undefined;
    if (desired.size < max && unchanged.size > 0) {
      const best = sliceToFill([...unchanged].map((n) => byName.get(n)!), desired.size, max);
      if (best) {
        fill = { ...best, endpoints: [...(best.endpoints ?? [])] };
        byName.set(best.metadata.name, fill);
      }
    }
    fill ??= newSlice(svc, ports, family, managedBy);
    while (desired.size > 0 && fill.endpoints.length < max) fill.endpoints.push(desired.pop()!);
    if (fill.metadata.name) {
      toUpdateNames.add(fill.metadata.name);
      unchanged.delete(fill.metadata.name);
    } else toCreate.push(fill);
  }

  return {
    create: toCreate,
    update: [...toUpdateNames].map((n) => byName.get(n)!),
    delete: [...toDeleteNames].map((n) => byName.get(n)!),
  };
}

/** getSliceToFill: the slice closest to full once `n` endpoints are added, if any fits. */
function sliceToFill(slices: Obj[], n: number, max: number): Obj | undefined {
  let closest = max;
  let best: Obj | undefined;
  for (const s of slices) {
    const diff = max - (n + (s.endpoints ?? []).length);
    if (diff >= 0 && diff < closest) {
      closest = diff;
      best = s;
      if (diff === 0) return best;
    }
  }
  return best;
}

/**
 * finalize's first step: rather than create one slice and delete another, reuse the one that
 * would be deleted (same family, owned by this Service) under its own name.
 */
function recycle(plan: SlicePlan, svc: Service): SlicePlan {
  const del = [...plan.delete];
  const create = [...plan.create];
  const update = [...plan.update];
  for (let i = 0; i < del.length && create.length > 0; ) {
    const old = del[i]!;
    const fresh = create[create.length - 1]!;
    if (old.addressType === fresh.addressType && ownedBy(old, svc)) {
      const { generateName: _g, ...meta } = fresh.metadata;
      update.push({ ...fresh, metadata: { ...old.metadata, ...meta, name: old.metadata.name, annotations: old.metadata.annotations } });
      create.pop();
      del.splice(i, 1);
    } else i++;
  }
  return { create, update, delete: del, missingNodes: plan.missingNodes };
}
