// The HTTP entry point: health, version, discovery, OpenAPI and the resource API.
// Every error thrown below ends in writeError, the one place failures become Status objects.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../../api/errors.ts';
import { aggregatedDiscovery, apiGroup, apiGroupList, apiResourceList, apiVersions, versionInfo } from '../discovery.ts';
import { openapiV3Document, openapiV3Index } from '../openapi/index.ts';
import type { ResourceStore } from '../registry/resource-store.ts';
import { negotiate } from './negotiate.ts';
import { writeError, writeFormatted, writeJson, writeText } from './respond.ts';
import { notFoundPath, type ResourceHandler } from './resource-handler.ts';
import { parseApiPath } from './route.ts';

export interface RouterDeps {
  resources: ResourceHandler;
  lookup(group: string, version: string, plural: string): ResourceStore | undefined;
  /** Names of components that have not finished their initial sync. */
  unready(): string[];
  serverAddress(): string;
  log(msg: string, err?: unknown): void;
}

export function createRouter(deps: RouterDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    route(deps, req, res).catch((err) => writeError(res, err, deps.log));
  };
}

async function route(deps: RouterDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  if (path === '/healthz' || path === '/livez' || path === '/readyz' || path.startsWith('/readyz/') || path.startsWith('/livez/') || path.startsWith('/healthz/')) {
    return health(deps, path, url.searchParams, res);
  }
  if (path === '/version' || path === '/version/') {
    // The kubectl dispatcher caches /version for hours unless told not to.
    writeJson(res, 200, versionInfo(), 'application/json', { 'Cache-Control': 'no-cache, private' });
    return;
  }
  if (path === '/openapi/v3' || path === '/openapi/v3/') {
    writeJson(res, 200, openapiV3Index(), 'application/json', { 'Cache-Control': 'no-cache, private' });
    return;
  }
  if (path.startsWith('/openapi/v3/')) {
    const doc = openapiV3Document(path.slice('/openapi/v3/'.length));
    if (!doc) throw notFoundPath();
    const headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(doc.body), 'Cache-Control': 'public, immutable', Expires: new Date(Date.now() + 365 * 86400_000).toUTCString(), ETag: `"${doc.hash}"` };
    res.writeHead(200, headers);
    res.end(doc.body);
    return;
  }
  const r = parseApiPath(path);
  switch (r.type) {
    case 'discovery-root': {
      if (req.method !== 'GET') throw notFoundPath();
      const format = negotiate(req.headers.accept, ['discovery-v2', 'discovery-v2beta1', 'json']);
      if (format === 'discovery-v2' || format === 'discovery-v2beta1') {
        writeFormatted(res, 200, aggregatedDiscovery(r.legacy, format === 'discovery-v2' ? 'v2' : 'v2beta1'), format, { Vary: 'Accept' });
        return;
      }
      writeJson(res, 200, r.legacy ? apiVersions(deps.serverAddress()) : apiGroupList(), 'application/json', { Vary: 'Accept' });
      return;
    }
    case 'discovery-group': {
      const doc = apiGroup(r.group);
      if (!doc) throw notFoundPath();
      writeJson(res, 200, doc);
      return;
    }
    case 'discovery-version': {
      const doc = apiResourceList(r.group, r.version);
      if (!doc) throw notFoundPath();
      writeJson(res, 200, doc);
      return;
    }
    case 'resource': {
      const store = deps.lookup(r.group, r.version, r.resource);
      if (!store || (!store.info.namespaced && r.namespace !== undefined)) throw notFoundPath();
      return deps.resources.handle({ req, res, query: url.searchParams, store, namespace: r.namespace, name: r.name, subresource: r.subresource, watchPath: r.watchPath });
    }
    default:
      throw notFoundPath();
  }
}

function health(deps: RouterDeps, path: string, q: URLSearchParams, res: ServerResponse): void {
  const unready = path.startsWith('/livez') ? [] : deps.unready();
  if (unready.length === 0) {
    writeText(res, 200, q.has('verbose') ? `[+]ping ok\n${path.slice(1).split('/')[0]} check passed\n` : 'ok');
    return;
  }
  const body = q.has('verbose') ? unready.map((n) => `[-]${n} failed: not synced yet`).join('\n') + `\n${path.slice(1)} check failed\n` : `${unready.map((n) => `[-]${n} failed: not synced yet`).join('\n')}\n${path.slice(1).split('/')[0]} check failed\n`;
  writeText(res, 503, body);
}

export { ApiError };
