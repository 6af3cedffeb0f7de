// The mirroring reconciler (upstream pkg/controller/endpointslicemirroring/reconciler.go):
// one slice per (address family, port set) of a hand-written Endpoints, at most 1000
// addresses per subset, labels and annotations copied from the Endpoints, owned by it.
import type { Obj } from '../../client/index.ts';
import { EndpointSet, endpointsEqualBeyondHash, isIPv6, labelManagedBy, labelServiceName, portMapKey, sameMap, type Endpoint, type EndpointPort } from '../endpointslice/index.ts';
import type { EndpointAddress, EndpointSubset } from '../endpoints/index.ts';

export const mirroringControllerName = 'endpointslicemirroring-controller.k8s.io';
export const maxEndpointsPerSubset = 1000;
const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';
const triggerTimeAnnotation = 'endpoints.kubernetes.io/last-change-trigger-time';

export interface MirrorPlan {
  create: Obj[];
  update: Obj[];
  delete: Obj[];
  invalidAddresses: number;
  skippedAddresses: number;
}

/** Parses and re-prints an IP as net.ParseIP + String would; undefined when it is not one. */
export function canonicalIP(ip: string): { ip: string; family: 'IPv4' | 'IPv6' } | undefined {
  if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(ip)) {
    const parts = ip.split('.').map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return { ip: parts.join('.'), family: 'IPv4' };
  }
  if (isIPv6(ip) && /^[0-9a-fA-F:.]+$/.test(ip)) {
    try {
      const host = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
      const v4mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
      if (v4mapped) {
        const a = parseInt(v4mapped[1]!, 16), b = parseInt(v4mapped[2]!, 16);
        return { ip: [a >> 8, a & 255, b >> 8, b & 255].join('.'), family: 'IPv4' };
      }
      return { ip: host, family: 'IPv6' };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function addressToEndpoint(a: EndpointAddress, ip: string, ready: boolean): Endpoint {
  const ep: Endpoint = { addresses: [ip], conditions: { ready } };
  if (a.targetRef) ep.targetRef = a.targetRef;
  if (a.nodeName) ep.nodeName = a.nodeName;
  if (a.hostname) ep.hostname = a.hostname;
  return ep;
}

function slicePorts(ports: EndpointSubset['ports']): EndpointPort[] {
  return (ports ?? []).map((p) => {
    const out: EndpointPort = { name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' };
    if (p.appProtocol !== undefined) out.appProtocol = p.appProtocol;
    return out;
  });
}

function sliceMeta(endpoints: Obj): { labels: Record<string, string>; annotations: Record<string, string> } {
  const labels: Record<string, string> = { ...endpoints.metadata.labels, [labelServiceName]: endpoints.metadata.name, [labelManagedBy]: mirroringControllerName };
  const annotations: Record<string, string> = { ...endpoints.metadata.annotations };
  delete annotations[triggerTimeAnnotation];
  delete annotations[lastAppliedAnnotation];
  return { labels, annotations };
}

function newMirrorSlice(endpoints: Obj, ports: EndpointPort[], addressType: string, name: string | undefined): Obj {
  const { labels, annotations } = sliceMeta(endpoints);
  const prefix = endpoints.metadata.name.length + 1 <= 248 ? `${endpoints.metadata.name}-` : endpoints.metadata.name;
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      ...(name ? { name } : { generateName: prefix }),
      namespace: endpoints.metadata.namespace,
      labels,
      annotations,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Endpoints', name: endpoints.metadata.name, uid: endpoints.metadata.uid, controller: true, blockOwnerDeletion: true }],
    },
    addressType,
    endpoints: [],
    ports,
  };
}

export function reconcileMirror(endpoints: Obj, existing: Obj[]): MirrorPlan {
  const desired = new Map<string, { ports: EndpointPort[]; family: string; set: EndpointSet }>();
  let invalid = 0, skipped = 0;
  for (const subset of (endpoints.subsets ?? []) as EndpointSubset[]) {
    const ports = slicePorts(subset.ports);
    const keyFor = (family: string) => `${family}/${portMapKey(ports)}`;
    for (const family of ['IPv4', 'IPv6']) if (!desired.has(keyFor(family))) desired.set(keyFor(family), { ports, family, set: new EndpointSet() });
    const total = (subset.addresses?.length ?? 0) + (subset.notReadyAddresses?.length ?? 0);
    let added = 0;
    const take = (list: EndpointAddress[] | undefined, ready: boolean) => {
      for (const a of list ?? []) {
        // Only so many per subset, for a simple subset ↔ slice correspondence.
        if (added >= maxEndpointsPerSubset) break;
        const parsed = canonicalIP(a.ip);
        if (!parsed) {
          invalid++;
          continue;
        }
        desired.get(keyFor(parsed.family))!.set.insert(addressToEndpoint(a, parsed.ip, ready));
        added++;
      }
    };
    take(subset.addresses, true);
    take(subset.notReadyAddresses, false);
    skipped += total - added;
  }

  const existingByKey = new Map<string, Obj[]>();
  for (const s of existing) {
    const k = `${s.addressType}/${portMapKey(s.ports)}`;
    existingByKey.set(k, [...(existingByKey.get(k) ?? []), s]);
  }

  const plan: MirrorPlan = { create: [], update: [], delete: [], invalidAddresses: invalid, skippedAddresses: skipped };
  const { labels: wantLabels, annotations: wantAnnotations } = sliceMeta(endpoints);
  for (const [k, { ports, family, set }] of desired) {
    const slices = existingByKey.get(k) ?? [];
    if (set.size === 0) {
      plan.delete.push(...slices);
      continue;
    }
    let name: string | undefined;
    if (slices.length > 0) {
      plan.delete.push(...slices.slice(1));
      const first = slices[0]!;
      name = first.metadata.name;
      if (sameEndpoints(first, set) && sameMap(first.metadata.labels, wantLabels) && sameMap(first.metadata.annotations, wantAnnotations)) continue;
    }
    const slice = newMirrorSlice(endpoints, ports, family, name);
    while (set.size > 0 && slice.endpoints.length < maxEndpointsPerSubset) slice.endpoints.push(set.pop()!);
    if (name) {
      slice.metadata.resourceVersion = slices[0]!.metadata.resourceVersion;
      plan.update.push(slice);
    } else plan.create.push(slice);
  }
  for (const [k, slices] of existingByKey) if (!desired.has(k)) plan.delete.push(...slices);

  // recycleSlices: turn a create + delete of the same family into an update.
  for (const family of ['IPv4', 'IPv6']) {
    const creates = plan.create.filter((s) => s.addressType === family);
    const deletes = plan.delete.filter((s) => s.addressType === family);
    for (let i = 0; i < creates.length && i < deletes.length; i++) {
      const c = creates[i]!, d = deletes[i]!;
      plan.create.splice(plan.create.indexOf(c), 1);
      plan.delete.splice(plan.delete.indexOf(d), 1);
      const { generateName: _g, ...meta } = c.metadata;
      plan.update.push({ ...c, metadata: { ...meta, name: d.metadata.name, resourceVersion: d.metadata.resourceVersion } });
    }
  }
  return plan;
}

/** totalChanges == 0: the slice holds exactly the desired endpoints, each unchanged. */
function sameEndpoints(slice: Obj, set: EndpointSet): boolean {
  const eps = (slice.endpoints ?? []) as Endpoint[];
  if (eps.length !== set.size) return false;
  return eps.every((ep) => {
    const want = set.get(ep);
    return want !== undefined && endpointsEqualBeyondHash(want, ep);
  });
}
