// Parses Kubernetes API paths into what they address. The grammar is upstream's:
//   /api/v1[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]
//   /apis/{group}/{version}[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]
// with the twist that /api/v1/namespaces/{name}[/{subresource}] is the Namespace itself,
// and the legacy /watch/ prefix after the version.

export type Route =
  | { type: 'discovery-root'; legacy: boolean } // /api or /apis
  | { type: 'discovery-group'; group: string } // /apis/{group}
  | { type: 'discovery-version'; group: string; version: string } // /api/v1, /apis/{g}/{v}
  | {
      type: 'resource';
      group: string;
      version: string;
      resource: string;
      namespace: string | undefined;
      name: string | undefined;
      subresource: string | undefined;
      /** The legacy /watch/ path form. */
      watchPath: boolean;
    }
  | { type: 'unknown' };

export function parseApiPath(pathname: string): Route {
  const parts = pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
  if (parts[0] === 'api') {
    if (parts.length === 1) return { type: 'discovery-root', legacy: true };
    if (parts[1] !== 'v1') return { type: 'unknown' };
    return resourceRoute('', 'v1', parts.slice(2));
  }
  if (parts[0] === 'apis') {
    if (parts.length === 1) return { type: 'discovery-root', legacy: false };
    if (parts.length === 2) return { type: 'discovery-group', group: parts[1]! };
    return resourceRoute(parts[1]!, parts[2]!, parts.slice(3));
  }
  return { type: 'unknown' };
}

function resourceRoute(group: string, version: string, rest: string[]): Route {
  if (rest.length === 0) return { type: 'discovery-version', group, version };
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  const base = { type: 'resource' as const, group, version, watchPath };
  if (rest[0] === 'namespaces' && rest.length >= 3 && !(group === '' && (rest[2] === 'status' || rest[2] === 'finalize') && rest.length === 3)) {
    const [, namespace, resource, name, subresource, ...extra] = rest;
    if (extra.length > 0) return { type: 'unknown' };
    return { ...base, resource: resource!, namespace, name, subresource };
  }
  const [resource, name, subresource, ...extra] = rest;
  if (extra.length > 0) return { type: 'unknown' };
  return { ...base, resource: resource!, namespace: undefined, name, subresource };
}
