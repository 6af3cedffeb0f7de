// Server-side defaulting of built-in kinds, as upstream's SetDefaults_* run on decode.
// defaultObject never mutates its input. Kinds are looked up in a registry so other owners
// (Service defaulting) plug in with registerDefaulter without touching this file.
import { admitPodDefaults, defaultContainer, defaultPod, defaultPodSpec, defaultPodTemplate } from './pod.ts';
import { defaultDeployment, defaultReplicaSet } from './workloads.ts';
import { defaultEndpoints, defaultEndpointSlice, defaultNamespace, defaultNode, prepareNamespaceForCreate } from './cluster.ts';
import { defaultPullPolicy, imageTag } from './image.ts';
import { defaultService } from './service.ts';

export type Defaulter = (obj: Record<string, unknown>) => void;

const defaulters = new Map<string, Defaulter>([
  ['/v1/Pod', defaultPod],
  ['/v1/Service', defaultService],
  ['/v1/Namespace', defaultNamespace],
  ['/v1/Node', defaultNode],
  ['/v1/Endpoints', defaultEndpoints],
  // core/v1 and events.k8s.io/v1 Events, and Leases, have no defaulters upstream.
  ['/v1/Event', () => {}],
  ['events.k8s.io/v1/Event', () => {}],
  ['coordination.k8s.io/v1/Lease', () => {}],
  ['apps/v1/Deployment', defaultDeployment],
  ['apps/v1/ReplicaSet', defaultReplicaSet],
  ['discovery.k8s.io/v1/EndpointSlice', defaultEndpointSlice],
]);

/** Registers (or replaces) the defaulter of one kind; e.g. Service's owner registers '' 'v1' 'Service'. */
export function registerDefaulter(group: string, version: string, kind: string, fn: Defaulter): void {
  defaulters.set(`${group}/${version}/${kind}`, fn);
}

export function hasDefaulter(group: string, version: string, kind: string): boolean {
  return defaulters.has(`${group}/${version}/${kind}`);
}

/** Returns a new object with upstream's defaults applied; unknown kinds come back as a plain copy. */
export function defaultObject<T>(group: string, version: string, kind: string, obj: T): T {
  const copy = structuredClone(obj);
  const fn = defaulters.get(`${group}/${version}/${kind}`);
  if (fn && copy !== null && typeof copy === 'object') fn(copy as Record<string, unknown>);
  return copy;
}

export {
  defaultPod, defaultPodSpec, defaultPodTemplate, defaultContainer, admitPodDefaults, defaultDeployment, defaultReplicaSet,
  defaultService,
  defaultNamespace, prepareNamespaceForCreate, defaultNode, defaultEndpoints, defaultEndpointSlice, defaultPullPolicy, imageTag,
};
