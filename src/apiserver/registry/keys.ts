// Storage keys, laid out as kube-apiserver lays them out in etcd:
// /registry/<group>/<resource>/<namespace>/<name>, core group written as "core".
// Both event APIs share one key space, as upstream stores them once.
import type { ResourceInfo } from '../../api/resources.ts';

export const registryRoot = '/registry/';

export function resourcePrefix(ri: Pick<ResourceInfo, 'group' | 'plural'>): string {
  const group = ri.group === 'events.k8s.io' ? 'core' : ri.group || 'core';
  return `${registryRoot}${group}/${ri.plural}/`;
}

/** Prefix for a namespace's objects of one resource, or all objects when namespace is undefined. */
export function collectionPrefix(ri: ResourceInfo, namespace: string | undefined): string {
  return ri.namespaced && namespace ? `${resourcePrefix(ri)}${namespace}/` : resourcePrefix(ri);
}

export function objectKey(ri: ResourceInfo, namespace: string | undefined, name: string): string {
  return ri.namespaced ? `${resourcePrefix(ri)}${namespace}/${name}` : `${resourcePrefix(ri)}${name}`;
}
