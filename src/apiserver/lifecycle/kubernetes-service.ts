// The `kubernetes` Service in `default`: the API server's own front door at the service
// CIDR's first address, with an EndpointSlice and Endpoints pointing at where the server
// really listens. Upstream's endpoint reconciler keeps these; so does this, at start-up.
// These objects name the server's own (often loopback) address, which client-written
// endpoints may not; they are written as trusted system objects for that reason.
import type { ApiObject } from '../registry/object.ts';
import type { ResourceStore } from '../registry/resource-store.ts';
import { systemContext, type Registries } from './registries.ts';

export interface ApiEndpoint {
  /** Address clients inside the cluster reach the server on. */
  address: string;
  port: number;
}

const name = 'kubernetes';
const namespace = 'default';

export async function reconcileKubernetesService(registries: Registries, clusterIP: string, api: ApiEndpoint): Promise<void> {
  const family = api.address.includes(':') ? 'IPv6' : 'IPv4';
  await put(registries.byUrl('', 'v1', 'services')!, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      type: 'ClusterIP',
      clusterIP,
      clusterIPs: [clusterIP],
      ipFamilies: [family],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: api.port }],
    },
  }, (cur, want) => ({ ...cur, spec: { ...cur.spec, ports: want.spec.ports } }));
  await put(registries.byUrl('', 'v1', 'endpoints')!, {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name, namespace, labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: api.address }], ports: [{ name: 'https', port: api.port, protocol: 'TCP' }] }],
  }, (cur, want) => ({ ...cur, subsets: want.subsets }));
  await put(registries.byUrl('discovery.k8s.io', 'v1', 'endpointslices')!, {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace, labels: { 'kubernetes.io/service-name': name } },
    addressType: family,
    endpoints: [{ addresses: [api.address], conditions: { ready: true } }],
    ports: [{ name: 'https', port: api.port, protocol: 'TCP' }],
  }, (cur, want) => ({ ...cur, addressType: want.addressType, endpoints: want.endpoints, ports: want.ports }));
}

async function put(store: ResourceStore, want: ApiObject, merge: (cur: ApiObject, want: ApiObject) => ApiObject): Promise<void> {
  const ctx = { ...systemContext(), trusted: true, fieldManager: 'portico-apiserver' };
  await store.update(namespace, name, (cur) => {
    if (!cur) return want;
    const next = merge(cur, want);
    delete next.metadata.resourceVersion;
    return next;
  }, ctx, { createIfMissing: true });
}
