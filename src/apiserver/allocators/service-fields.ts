// Small questions about a v1 Service object that every allocation step asks, with upstream's
// answers (storage.go needs*, pkg/api/service NeedsHealthCheck, alloc.go shouldAllocateNodePorts).
import type { IPFamily } from './ip-address.ts';

export type Service = Record<string, any>;

export const ClusterIPNone = 'None';

export function specOf(svc: Service): Record<string, any> {
  if (!svc.spec || typeof svc.spec !== 'object') svc.spec = {};
  return svc.spec;
}

export function serviceName(svc: Service): string {
  return typeof svc?.metadata?.name === 'string' ? svc.metadata.name : '';
}

/** Every type but ExternalName has a clusterIP (even "None" counts as a value). */
export const needsClusterIP = (svc: Service): boolean => svc.spec?.type !== 'ExternalName';

export const needsNodePort = (svc: Service): boolean => svc.spec?.type === 'NodePort' || svc.spec?.type === 'LoadBalancer';

/** NeedsHealthCheck / needsHCNodePort: type LoadBalancer with externalTrafficPolicy Local. */
export const needsHealthCheck = (svc: Service): boolean => svc.spec?.type === 'LoadBalancer' && svc.spec?.externalTrafficPolicy === 'Local';

/** NodePort always; LoadBalancer unless allocateLoadBalancerNodePorts is false. */
export function shouldAllocateNodePorts(svc: Service): boolean {
  if (svc.spec?.type === 'NodePort') return true;
  if (svc.spec?.type === 'LoadBalancer') return svc.spec?.allocateLoadBalancerNodePorts !== false;
  return false;
}

export function clusterIPsOf(svc: Service): string[] {
  const ips = svc.spec?.clusterIPs;
  return Array.isArray(ips) ? ips : [];
}

export function ipFamiliesOf(svc: Service): IPFamily[] {
  const fams = svc.spec?.ipFamilies;
  return Array.isArray(fams) ? fams : [];
}

export function clusterIPOf(svc: Service): string {
  return typeof svc.spec?.clusterIP === 'string' ? svc.spec.clusterIP : '';
}

/** Headless: clusterIPs is exactly ["None"]. */
export function isHeadless(svc: Service): boolean {
  const ips = clusterIPsOf(svc);
  return ips.length > 0 && ips[0] === ClusterIPNone;
}

export function hasSelector(svc: Service): boolean {
  const sel = svc.spec?.selector;
  return !!sel && typeof sel === 'object' && Object.keys(sel).length > 0;
}

export function portsOf(svc: Service): Record<string, any>[] {
  const ports = svc.spec?.ports;
  return Array.isArray(ports) ? ports.filter((p) => p && typeof p === 'object') : [];
}

/** A port's nodePort as a number; 0 when unset. */
export function nodePortOf(port: Record<string, any>): number {
  const n = port.nodePort;
  return typeof n === 'number' ? n : 0;
}

export function healthCheckNodePortOf(svc: Service): number {
  const n = svc.spec?.healthCheckNodePort;
  return typeof n === 'number' ? n : 0;
}

/** alloc.go collectServiceNodePorts: every non-zero nodePort, in port order (duplicates kept). */
export function collectServiceNodePorts(svc: Service): number[] {
  return portsOf(svc).map(nodePortOf).filter((n) => n !== 0);
}

/**
 * The node ports this Service actually holds in the allocator: its nodePorts only when its type
 * uses them, and its healthCheckNodePort only for LoadBalancer + Local. Upstream releases every
 * non-zero nodePort whatever the type; an ExternalName Service may carry a nodePort that was never
 * allocated, and releasing it would free another Service's port, so Portico goes by ownership.
 */
export function ownedNodePorts(svc: Service): number[] {
  return needsNodePort(svc) ? collectServiceNodePorts(svc) : [];
}

export function ownedHealthCheckNodePort(svc: Service): number {
  return needsHealthCheck(svc) ? healthCheckNodePortOf(svc) : 0;
}

export function sameStringList(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export const otherFamily = (f: IPFamily): IPFamily => (f === 'IPv4' ? 'IPv6' : 'IPv4');
