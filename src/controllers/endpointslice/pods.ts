// What the endpoint controllers read from Pods and Services (upstream k8s.io/endpointslice/util
// and pkg/api/v1/pod): which pods count, readiness, named-port resolution, hostnames, families.
import type { Obj } from '../../client/index.ts';

export type Pod = Obj;
export type Service = Obj;

export interface ServicePort {
  name?: string;
  protocol?: string;
  port: number;
  targetPort?: number | string;
  appProtocol?: string;
}

/**
 * The Service's selector, or undefined when it selects nothing by design (selectorless or
 * ExternalName). An empty map counts as no selector: upstream's JSON drops `selector: {}`
 * (omitempty), so a stored Service never has a non-nil empty selector.
 */
export function serviceSelector(svc: Service): Record<string, string> | undefined {
  if (svc.spec?.type === 'ExternalName') return undefined;
  const sel = svc.spec?.selector as Record<string, string> | undefined | null;
  return sel && Object.keys(sel).length > 0 ? sel : undefined;
}

/** labels.Set(selector).AsSelector().Matches: every key=value must be present. */
export function selectorMatches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  for (const [k, v] of Object.entries(selector)) if (labels?.[k] !== v) return false;
  return true;
}

/** labels.Set.String(): sorted key=value pairs joined by commas. */
export function selectorString(selector: Record<string, string>): string {
  return Object.keys(selector)
    .sort()
    .map((k) => `${k}=${selector[k]}`)
    .join(',');
}

export interface PodCondition {
  type: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export function podReadyCondition(pod: Pod): PodCondition | undefined {
  return (pod.status?.conditions as PodCondition[] | undefined)?.find((c) => c.type === 'Ready');
}

export function isPodReady(pod: Pod): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** status.podIPs, or status.podIP when podIPs is empty (what upstream's v1 conversion does). */
export function podIPs(pod: Pod): string[] {
  const ips = ((pod.status?.podIPs ?? []) as Array<{ ip: string }>).map((p) => p.ip).filter(Boolean);
  if (ips.length === 0 && pod.status?.podIP) return [pod.status.podIP as string];
  return ips;
}

/** ShouldPodBeInEndpoints: not terminal, has an IP, and (unless asked) not terminating. */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (!pod.status?.podIP && !(pod.status?.podIPs?.length > 0)) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/** ShouldSetHostname: spec.hostname set and spec.subdomain names this Service (same namespace). */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return !!pod.spec?.hostname && pod.spec?.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace;
}

/**
 * FindPort: an integer targetPort is used as is; a name is looked up in the containers'
 * ports (name AND protocol must match), then in restartable init containers (sidecars).
 * Undefined when the pod does not declare it.
 */
export function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? 'TCP';
  type Ctr = { ports?: Array<{ name?: string; containerPort: number; protocol?: string }>; restartPolicy?: string };
  const search = (cs: Ctr[] | undefined) => {
    for (const c of cs ?? []) for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
    return undefined;
  };
  return search(pod.spec?.containers) ?? search((pod.spec?.initContainers as Ctr[] | undefined)?.filter((c) => c.restartPolicy === 'Always'));
}

export const isIPv6 = (ip: string): boolean => ip.includes(':');

/** helper.IsServiceIPSet. */
export function isServiceIPSet(svc: Service): boolean {
  const ip = svc.spec?.clusterIP as string | undefined;
  return !!ip && ip !== 'None';
}

export type AddressType = 'IPv4' | 'IPv6';

/** getAddressTypesForService: spec.ipFamilies; else the clusterIP's family; headless: both. */
export function addressTypesForService(svc: Service): AddressType[] {
  const out = new Set<AddressType>();
  for (const f of (svc.spec?.ipFamilies ?? []) as string[]) {
    if (f === 'IPv4') out.add('IPv4');
    if (f === 'IPv6') out.add('IPv6');
  }
  if (out.size > 0) return [...out];
  if (isServiceIPSet(svc)) return [isIPv6(svc.spec.clusterIP) ? 'IPv6' : 'IPv4'];
  return ['IPv4', 'IPv6'];
}

/** Pods in `namespace` sorted by name, so every plan is deterministic. */
export function sortedPods(pods: Pod[]): Pod[] {
  return [...pods].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
}
