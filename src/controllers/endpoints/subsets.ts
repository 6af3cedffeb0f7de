// Endpoints subsets as upstream builds them: one address+port per (pod, service port), then
// RepackSubsets (pkg/api/v1/endpoints) groups the ports that share exactly the same addresses
// (with the same readiness) into one subset; and the 1000-address cap (truncateEndpoints).
//
// Ordering: upstream sorts addresses by IP then target UID (as we do), but sorts ports and
// subsets by an md5 of Go's spew dump, which has no meaning outside Go; Portico sorts ports by
// name, port, protocol and subsets by their first address, a stable order all the same.

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind?: string; namespace?: string; name?: string; uid?: string; resourceVersion?: string };
}

export interface EndpointsPort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointsPort[];
}

export const maxCapacity = 1000;

const portKey = (p: EndpointsPort) => JSON.stringify([p.name ?? '', p.port, p.protocol ?? 'TCP', p.appProtocol ?? null]);
const addrKey = (a: EndpointAddress) => `${a.ip}\u0000${a.targetRef?.uid ?? ''}`;

/** LessEndpointAddress: by IP bytes, then target UID (no targetRef first). */
export function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return Buffer.compare(Buffer.from(a.ip), Buffer.from(b.ip));
  const ua = a.targetRef?.uid, ub = b.targetRef?.uid;
  if (ub === undefined) return ua === undefined ? 0 : 1;
  if (ua === undefined) return -1;
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

const comparePorts = (a: EndpointsPort, b: EndpointsPort) => (portKey(a) < portKey(b) ? -1 : portKey(a) > portKey(b) ? 1 : 0);

const sentinel: EndpointsPort = { port: -1 };

export function repackSubsets(subsets: EndpointSubset[]): EndpointSubset[] {
  // Each port → the addresses offering it, with readiness (not-ready wins over ready).
  const all = new Map<string, EndpointAddress>();
  const byPort = new Map<string, { port: EndpointsPort; addrs: Map<string, boolean> }>();
  const add = (addr: EndpointAddress, port: EndpointsPort, ready: boolean) => {
    const ak = addrKey(addr);
    if (!all.has(ak)) all.set(ak, addr);
    const pk = portKey(port);
    let e = byPort.get(pk);
    if (!e) byPort.set(pk, (e = { port, addrs: new Map() }));
    const was = e.addrs.get(ak);
    if (was === undefined || was) e.addrs.set(ak, ready);
  };
  for (const s of subsets) {
    // A subset without ports (headless Service without ports) keeps its addresses through a
    // sentinel port, as upstream does, and ends up in a subset without ports.
    for (const port of s.ports?.length ? s.ports : [sentinel]) {
      for (const a of s.addresses ?? []) add(a, port, true);
      for (const a of s.notReadyAddresses ?? []) add(a, port, false);
    }
  }
  // Ports offered by exactly the same (address, readiness) set share a subset.
  const groups = new Map<string, { addrs: Map<string, boolean>; ports: EndpointsPort[] }>();
  for (const { port, addrs } of byPort.values()) {
    const k = JSON.stringify([...addrs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { addrs, ports: [] }));
    if (port !== sentinel) g.ports.push(port);
  }
  const out: EndpointSubset[] = [];
  for (const g of groups.values()) {
    const ready: EndpointAddress[] = [], notReady: EndpointAddress[] = [];
    for (const [ak, r] of g.addrs) (r ? ready : notReady).push(all.get(ak)!);
    const s: EndpointSubset = {};
    if (ready.length) s.addresses = ready.sort(compareAddresses);
    if (notReady.length) s.notReadyAddresses = notReady.sort(compareAddresses);
    if (g.ports.length) s.ports = g.ports.sort(comparePorts);
    out.push(s);
  }
  const first = (s: EndpointSubset) => (s.addresses ?? s.notReadyAddresses ?? [])[0];
  return out.sort((a, b) => compareAddresses(first(a)!, first(b)!) || comparePorts(a.ports?.[0] ?? sentinel, b.ports?.[0] ?? sentinel));
}

/**
 * truncateEndpoints: above 1000 addresses keep ready ones first, distributing the room over
 * the subsets in proportion (rounded up, so the last subsets may get less). True if truncated.
 */
export function truncateSubsets(subsets: EndpointSubset[]): boolean {
  let totalReady = 0, totalNotReady = 0;
  for (const s of subsets) {
    totalReady += s.addresses?.length ?? 0;
    totalNotReady += s.notReadyAddresses?.length ?? 0;
  }
  if (totalReady + totalNotReady <= maxCapacity) return false;
  const truncateReady = totalReady > maxCapacity;
  const max = truncateReady ? maxCapacity : maxCapacity - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  for (const s of subsets) {
    const inSubset = truncateReady ? (s.addresses?.length ?? 0) : (s.notReadyAddresses?.length ?? 0);
    const toBeAdded = Math.min(Math.ceil((inSubset / numTotal) * max), canBeAdded);
    if (truncateReady) {
      s.addresses = (s.addresses ?? []).slice(0, toBeAdded);
      delete s.notReadyAddresses;
      canBeAdded -= s.addresses.length;
    } else {
      s.notReadyAddresses = (s.notReadyAddresses ?? []).slice(0, toBeAdded);
      canBeAdded -= s.notReadyAddresses.length;
    }
    if (s.addresses?.length === 0) delete s.addresses;
    if (s.notReadyAddresses?.length === 0) delete s.notReadyAddresses;
  }
  return true;
}

/** endpointSubsetsEqualIgnoreResourceVersion, treating absent and empty lists alike. */
export function subsetsEqual(a: EndpointSubset[] | undefined, b: EndpointSubset[] | undefined): boolean {
  const norm = (ss: EndpointSubset[] | undefined) =>
    JSON.stringify(
      (ss ?? []).map((s) => [
        (s.addresses ?? []).map(normAddr),
        (s.notReadyAddresses ?? []).map(normAddr),
        (s.ports ?? []).map((p) => [p.name ?? '', p.port, p.protocol ?? 'TCP', p.appProtocol ?? null]),
      ]),
    );
  return norm(a) === norm(b);
}

const normAddr = (a: EndpointAddress) => [a.ip, a.hostname ?? '', a.nodeName ?? null, a.targetRef ? [a.targetRef.kind ?? '', a.targetRef.namespace ?? '', a.targetRef.name ?? '', a.targetRef.uid ?? ''] : null];
