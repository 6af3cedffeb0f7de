// Strategic-merge-patch metadata per kind, built once from the same OpenAPI schemas the
// server publishes (x-kubernetes-patch-merge-key / -patch-strategy), so patch behaviour
// and published documentation cannot disagree.
import { patchMetaFromOpenAPI, type PatchMeta } from '../api/patch/index.ts';
import type { ResourceInfo } from '../api/resources.ts';
import { componentSchemas, schemaNameFor } from './openapi/index.ts';

export type PatchMetaSource = (info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>) => PatchMeta;

export function patchMetaSource(): PatchMetaSource {
  const cache = new Map<string, PatchMeta>();
  return (info) => {
    const key = `${info.group}/${info.version}/${info.kind}`;
    let meta = cache.get(key);
    if (!meta) {
      const name = schemaNameFor(info.group, info.version, info.kind);
      meta = patchMetaFromOpenAPI(componentSchemas() as never, name ?? '');
      cache.set(key, meta);
    }
    return meta;
  };
}
