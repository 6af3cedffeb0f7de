// The catalog of resources Portico serves: names, scope and discovery facts.
// Pure data; behaviour (defaulting, validation, tables) lives with each consumer.
// Order matters: discovery lists resources in this order, and `kubectl get all`
// walks the `all` category in discovery order.

// Only subresources that are served are listed: discovery and OpenAPI are built from this.
export type Subresource = 'status' | 'scale' | 'finalize' | 'binding' | 'log' | 'exec' | 'portforward';

export interface ResourceInfo {
  group: string; // '' for core
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  subresources: Subresource[];
  /** Verbs the main resource supports (discovery). */
  verbs: string[];
}

const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function r(info: Partial<ResourceInfo> & Pick<ResourceInfo, 'group' | 'version' | 'kind' | 'plural'>): ResourceInfo {
  return {
    listKind: `${info.kind}List`,
    singular: info.kind.toLowerCase(),
    namespaced: true,
    shortNames: [],
    categories: [],
    subresources: [],
    verbs: allVerbs,
    ...info,
  };
}

export const resources: readonly ResourceInfo[] = [
  // core/v1, in upstream's discovery order for the kinds we serve
  r({ group: '', version: 'v1', kind: 'Endpoints', plural: 'endpoints', singular: 'endpoints', shortNames: ['ep'] }),
  r({ group: '', version: 'v1', kind: 'Event', plural: 'events', shortNames: ['ev'] }),
  r({ group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, shortNames: ['ns'], subresources: ['status', 'finalize'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] }),
  r({ group: '', version: 'v1', kind: 'Node', plural: 'nodes', namespaced: false, shortNames: ['no'], subresources: ['status'] }),
  r({ group: '', version: 'v1', kind: 'Pod', plural: 'pods', shortNames: ['po'], categories: ['all'], subresources: ['binding', 'exec', 'log', 'status'] }),
  r({ group: '', version: 'v1', kind: 'Service', plural: 'services', shortNames: ['svc'], categories: ['all'], subresources: ['status'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] }),
  // apps/v1
  r({ group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', shortNames: ['deploy'], categories: ['all'], subresources: ['status', 'scale'] }),
  r({ group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', shortNames: ['rs'], categories: ['all'], subresources: ['status', 'scale'] }),
  // discovery.k8s.io/v1
  r({ group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', plural: 'endpointslices' }),
  // coordination.k8s.io/v1
  r({ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases' }),
  // events.k8s.io/v1: the same objects as core/v1 events, in the newer shape
  r({ group: 'events.k8s.io', version: 'v1', kind: 'Event', plural: 'events', shortNames: ['ev'] }),
];

/** API groups in the order `/apis` lists them (core is served on `/api`). */
export const apiGroups: readonly string[] = ['apps', 'events.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io'];

export const apiVersionOf = (ri: Pick<ResourceInfo, 'group' | 'version'>) => (ri.group ? `${ri.group}/${ri.version}` : ri.version);

export function findResource(group: string, version: string, plural: string): ResourceInfo | undefined {
  return resources.find((x) => x.group === group && x.version === version && x.plural === plural);
}

export function findKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return resources.find((x) => apiVersionOf(x) === apiVersion && x.kind === kind);
}
