// The OpenAPI v3 discovery index (`/openapi/v3`) and one document per group-version
// (`/openapi/v3/<gv>?hash=...`). Documents are built once and memoized: their bytes decide
// the hash, and kubectl caches each document forever under its hash-carrying URL, so the
// hash must change exactly when the content does.
import { createHash } from 'node:crypto';
import { resources, type ResourceInfo } from '../../api/resources.ts';
import { pathsFor } from './paths.ts';
import { componentSchemas, type Schema } from './schemas.ts';

export interface OpenAPIDocument {
  body: string;
  hash: string;
}

/** `api/v1` for core, `apis/<group>/<version>` otherwise, as the index keys them. */
export const gvPathOf = (r: Pick<ResourceInfo, 'group' | 'version'>) => (r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`);

let docs: Map<string, OpenAPIDocument> | undefined;

function build(): Map<string, OpenAPIDocument> {
  const byGV = new Map<string, ResourceInfo[]>();
  for (const r of resources) {
    const k = gvPathOf(r);
    byGV.set(k, [...(byGV.get(k) ?? []), r]);
  }
  const out = new Map<string, OpenAPIDocument>();
  for (const [gv, rs] of byGV) {
    const paths = pathsFor(rs);
    const doc = {
      components: { schemas: closure(paths) },
      info: { title: 'Kubernetes', version: 'unversioned' },
      openapi: '3.0.0',
      paths,
    };
    const body = JSON.stringify(doc);
    // Upstream's hash: SHA-512 of the document, uppercase hex.
    out.set(gv, { body, hash: createHash('sha512').update(body).digest('hex').toUpperCase() });
  }
  return out;
}

/** Every schema the paths reference, and everything those reference, sorted by name. */
function closure(root: unknown): Record<string, Schema> {
  const all = componentSchemas();
  const seen = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string') {
          const name = x.replace('#/components/schemas/', '');
          if (!seen.has(name)) {
            if (!all[name]) throw new Error(`dangling $ref ${x}`);
            seen.add(name);
            visit(all[name]);
          }
        } else visit(x);
      }
    }
  };
  visit(root);
  return Object.fromEntries([...seen].sort().map((n) => [n, all[n]!]));
}

/** The group-version document for `api/v1`, `apis/apps/v1`, ...; undefined if we serve no such GV. */
export function openapiV3Document(gvPath: string): OpenAPIDocument | undefined {
  docs ??= build();
  return docs.get(gvPath.replace(/^\/+|\/+$/g, '').replace(/^openapi\/v3\//, ''));
}

/** The body of `GET /openapi/v3`. */
export function openapiV3Index(): { paths: Record<string, { serverRelativeURL: string }> } {
  docs ??= build();
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [gv, d] of docs) paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${d.hash}` };
  return { paths };
}

/** For the index: kubectl must re-read it every time to notice new hashes. */
export const openapiIndexHeaders: Readonly<Record<string, string>> = { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' };

/**
 * For a document requested with its current hash: cacheable forever, since a changed
 * document gets a new URL. (Upstream answers a stale hash with a 301 to the current URL and
 * `no-cache`; without a hash it serves the document uncached.)
 */
export function openapiDocumentHeaders(hash: string, now = new Date()): Record<string, string> {
  const expires = new Date(now.getTime() + 365 * 24 * 3600 * 1000);
  return { 'Content-Type': 'application/json', 'Cache-Control': 'public, immutable', Expires: expires.toUTCString(), ETag: `"${hash}"` };
}
