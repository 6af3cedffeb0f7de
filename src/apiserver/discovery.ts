// Discovery documents, aggregated (apidiscovery.k8s.io/v2, what kubectl 1.32 asks for first)
// and legacy (APIVersions / APIGroupList / APIResourceList), both built from the catalog.
import { apiGroups, resources, type ResourceInfo, type Subresource } from '../api/resources.ts';

const subresourceFacts: Record<Subresource, { verbs: string[]; kind?: { group: string; version: string; kind: string } }> = {
  status: { verbs: ['get', 'patch', 'update'] },
  scale: { verbs: ['get', 'patch', 'update'], kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' } },
  finalize: { verbs: ['update'] },
  binding: { verbs: ['create'], kind: { group: '', version: 'v1', kind: 'Binding' } },
  log: { verbs: ['get'] },
  exec: { verbs: ['create', 'get'], kind: { group: '', version: 'v1', kind: 'PodExecOptions' } },
  portforward: { verbs: ['create', 'get'], kind: { group: '', version: 'v1', kind: 'PodPortForwardOptions' } },
};

const versionsOf = (group: string) => [...new Set(resources.filter((r) => r.group === group).map((r) => r.version))];

function aggregatedResource(r: ResourceInfo) {
  const out: Record<string, unknown> = {
    resource: r.plural,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
  };
  if (r.shortNames.length) out.shortNames = r.shortNames;
  if (r.categories.length) out.categories = r.categories;
  if (r.subresources.length) {
    out.subresources = r.subresources.map((s) => ({
      subresource: s,
      responseKind: subresourceFacts[s].kind ?? { group: r.group, version: r.version, kind: r.kind },
      verbs: subresourceFacts[s].verbs,
    }));
  }
  return out;
}

function aggregatedGroup(group: string) {
  return {
    metadata: group ? { name: group, creationTimestamp: null } : { creationTimestamp: null },
    versions: versionsOf(group).map((version) => ({
      version,
      resources: resources.filter((r) => r.group === group && r.version === version).map(aggregatedResource),
      freshness: 'Current',
    })),
  };
}

export function aggregatedDiscovery(legacy: boolean, apiVersion: 'v2' | 'v2beta1') {
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${apiVersion}`,
    metadata: {},
    items: legacy ? [aggregatedGroup('')] : apiGroups.map(aggregatedGroup),
  };
}

export function apiVersions(serverAddress: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groupEntry(group: string) {
  const versions = versionsOf(group).map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

export function apiGroupList() {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: apiGroups.map(groupEntry) };
}

export function apiGroup(group: string) {
  return apiGroups.includes(group) ? { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(group) } : undefined;
}

export function apiResourceList(group: string, version: string) {
  const list = resources.filter((r) => r.group === group && r.version === version);
  if (list.length === 0) return undefined;
  const entries: Record<string, unknown>[] = [];
  for (const r of list) {
    const main: Record<string, unknown> = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs };
    if (r.shortNames.length) main.shortNames = r.shortNames;
    if (r.categories.length) main.categories = r.categories;
    entries.push(main);
    for (const s of r.subresources) {
      const kind = subresourceFacts[s].kind;
      const sub: Record<string, unknown> = { name: `${r.plural}/${s}`, singularName: '', namespaced: r.namespaced, kind: kind?.kind ?? r.kind, verbs: subresourceFacts[s].verbs };
      if (kind && kind.group !== r.group) Object.assign(sub, { group: kind.group, version: kind.version });
      entries.push(sub);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources: entries };
}

/** `/version`: minor 32 makes the kubectl dispatcher run its built-in 1.32 (see kubectl-wire.md). */
export function versionInfo() {
  return {
    major: '1',
    minor: '32',
    gitVersion: 'v1.32.0-portico',
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-11-01T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'portico',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}
