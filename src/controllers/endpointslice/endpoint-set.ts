// Endpoint identity and comparison, as upstream's EndpointSet / PortMapKey /
// EndpointsEqualBeyondHash: an endpoint is identified by its addresses, hostname and target
// namespace/name, so a change of conditions, node or zone is an in-place update of the same
// endpoint; a set of ports is identified regardless of order.

export interface EndpointPort {
  name?: string;
  port?: number;
  protocol?: string;
  appProtocol?: string;
}

export interface Endpoint {
  addresses: string[];
  conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
  hostname?: string;
  targetRef?: { kind?: string; namespace?: string; name?: string; uid?: string; resourceVersion?: string; apiVersion?: string; fieldPath?: string };
  nodeName?: string;
  zone?: string;
  hints?: unknown;
}

const normPort = (p: EndpointPort) => [p.name ?? '', p.port ?? 0, p.protocol ?? 'TCP', p.appProtocol ?? null];

/** NewPortMapKey: the same ports in any order give the same key. */
export function portMapKey(ports: EndpointPort[] | undefined | null): string {
  return JSON.stringify((ports ?? []).map(normPort).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)));
}

/** hashEndpoint: sorted addresses, hostname, targetRef namespace and name. */
export function endpointKey(ep: Endpoint): string {
  return JSON.stringify([[...(ep.addresses ?? [])].sort(), ep.hostname ?? '', ep.targetRef?.namespace ?? '', ep.targetRef?.name ?? '']);
}

/** EndpointsEqualBeyondHash: node, zone, the three conditions and targetRef (ignoring its resourceVersion). */
export function endpointsEqualBeyondHash(a: Endpoint, b: Endpoint): boolean {
  if ((a.nodeName ?? null) !== (b.nodeName ?? null)) return false;
  if ((a.zone ?? null) !== (b.zone ?? null)) return false;
  const ca = a.conditions ?? {}, cb = b.conditions ?? {};
  if ((ca.ready ?? null) !== (cb.ready ?? null) || (ca.serving ?? null) !== (cb.serving ?? null) || (ca.terminating ?? null) !== (cb.terminating ?? null)) return false;
  const ra = a.targetRef, rb = b.targetRef;
  if (!ra || !rb) return !ra && !rb;
  const keys = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'fieldPath'] as const;
  return keys.every((k) => (ra[k] ?? '') === (rb[k] ?? ''));
}

/** An insertion-ordered set of endpoints keyed by endpointKey. */
export class EndpointSet {
  readonly #m = new Map<string, Endpoint>();
  insert(ep: Endpoint): void {
    this.#m.set(endpointKey(ep), ep);
  }
  get(ep: Endpoint): Endpoint | undefined {
    return this.#m.get(endpointKey(ep));
  }
  delete(ep: Endpoint): void {
    this.#m.delete(endpointKey(ep));
  }
  /** Removes and returns the first endpoint (upstream pops an arbitrary one). */
  pop(): Endpoint | undefined {
    const first = this.#m.entries().next();
    if (first.done) return undefined;
    this.#m.delete(first.value[0]);
    return first.value[1];
  }
  get size(): number {
    return this.#m.size;
  }
  values(): Endpoint[] {
    return [...this.#m.values()];
  }
}
