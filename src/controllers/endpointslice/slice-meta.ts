// The metadata of the slices the EndpointSlice controller owns (upstream newEndpointSlice,
// setEndpointSliceLabels, getEndpointSlicePrefix, ownedBy).
import type { Obj } from '../../client/index.ts';
import { isServiceIPSet, type AddressType, type Service } from './pods.ts';
import type { EndpointPort } from './endpoint-set.ts';

export const labelServiceName = 'kubernetes.io/service-name';
export const labelManagedBy = 'endpointslice.kubernetes.io/managed-by';
export const labelHeadless = 'service.kubernetes.io/headless';
export const controllerName = 'endpointslice-controller.k8s.io';

const reserved = new Set([labelServiceName, labelManagedBy, labelHeadless]);

/**
 * The labels a slice of this Service should carry: the Service's labels (reserved keys
 * skipped), the headless marker when it has no ClusterIP, the service name and managed-by.
 * `changed` compares only the non-reserved labels, as upstream does.
 */
export function sliceLabels(current: Record<string, string> | undefined, svc: Service, managedBy: string): { labels: Record<string, string>; changed: boolean } {
  const have: Record<string, string> = {};
  for (const [k, v] of Object.entries(current ?? {})) if (!reserved.has(k)) have[k] = v;
  const want: Record<string, string> = {};
  for (const [k, v] of Object.entries((svc.metadata.labels ?? {}) as Record<string, string>)) if (!reserved.has(k)) want[k] = v;
  const changed = !sameMap(have, want);
  if (!isServiceIPSet(svc)) want[labelHeadless] = '';
  want[labelServiceName] = svc.metadata.name;
  want[labelManagedBy] = managedBy;
  return { labels: want, changed };
}

export function sameMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = Object.keys(a ?? {}), kb = Object.keys(b ?? {});
  return ka.length === kb.length && ka.every((k) => (b ?? {})[k] === (a ?? {})[k]);
}

/** getEndpointSlicePrefix: `<service>-` unless that would make an invalid generateName. */
export function slicePrefix(serviceName: string): string {
  // NameIsDNSSubdomain with prefix=true only checks the length after adding the 5 random chars.
  return serviceName.length + 1 <= 253 - 5 ? `${serviceName}-` : serviceName;
}

export function serviceOwnerRef(svc: Service) {
  return { apiVersion: 'v1', kind: 'Service', name: svc.metadata.name, uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true };
}

/** ownedBy: an ownerReference to this Service's UID (kind Service, apiVersion v1). */
export function ownedBy(slice: Obj, svc: Service): boolean {
  return ((slice.metadata.ownerReferences ?? []) as Array<{ uid: string; kind: string; apiVersion: string }>).some((o) => o.uid === svc.metadata.uid && o.kind === 'Service' && o.apiVersion === 'v1');
}

export function newSlice(svc: Service, ports: EndpointPort[], addressType: AddressType, managedBy: string): Obj {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: slicePrefix(svc.metadata.name),
      namespace: svc.metadata.namespace,
      labels: sliceLabels({}, svc, managedBy).labels,
      ownerReferences: [serviceOwnerRef(svc)],
    },
    addressType,
    endpoints: [],
    ports,
  };
}
