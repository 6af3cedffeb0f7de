// The scale subresource (autoscaling/v1 Scale) of Deployments and ReplicaSets:
// a view of spec.replicas that `kubectl scale` reads and patches.
import { ApiError } from '../../api/errors.ts';
import { selectorToString } from '../../api/selectors/index.ts';
import type { ApiObject } from '../registry/object.ts';
import { decodeObjectBody, decodePatchBody, mediaType, readBody } from './body.ts';
import { writeOptions } from './request-options.ts';
import { writeFormatted } from './respond.ts';
import type { ResourceHandler, ResourceRequest } from './resource-handler.ts';

const scaleInfo = { group: 'autoscaling', version: 'v1', kind: 'Scale', plural: 'scale' };

export function toScale(obj: ApiObject): ApiObject {
  const m = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: { replicas: obj.status?.replicas ?? 0, selector: obj.spec?.selector ? selectorToString(obj.spec.selector) : '' },
  };
}

export async function scaleHandlers(h: ResourceHandler, r: ResourceRequest): Promise<void> {
  const method = r.req.method ?? 'GET';
  const format = h.format(r) === 'yaml' ? 'yaml' : 'json';
  if (method === 'GET') {
    writeFormatted(r.res, 200, toScale(await r.store.get(r.namespace, r.name!)), format);
    return;
  }
  if (method !== 'PUT' && method !== 'PATCH') throw ApiError.methodNotSupported({ group: r.store.info.group, resource: `${r.store.info.plural}/scale` }, method.toLowerCase());
  const opts = writeOptions(r.query);
  const ctx = h.context(opts);
  const type = mediaType(r.req);
  const body = await readBody(r.req);
  const input = method === 'PUT' ? decodeObjectBody(body, type, 'Scale') : decodePatchBody(body, type);
  const result = await r.store.update(
    r.namespace,
    r.name!,
    (current) => {
      if (!current) throw ApiError.notFound(r.store.groupResource, r.name!);
      const scale = method === 'PUT' ? (input as ApiObject) : (h.applyPatch(scaleInfo as never, toScale(current), type, input) as ApiObject);
      const replicas = scale.spec?.replicas;
      if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
        throw ApiError.invalid('autoscaling', 'Scale', r.name!, [{ type: 'FieldValueInvalid', field: 'spec.replicas', badValue: replicas ?? 0, detail: 'must be greater than or equal to 0' }]);
      }
      const rv = scale.metadata?.resourceVersion;
      const next = structuredClone(current);
      next.spec = { ...next.spec, replicas };
      if (rv && method === 'PUT') next.metadata.resourceVersion = rv;
      else delete next.metadata.resourceVersion;
      return next;
    },
    ctx,
  );
  writeFormatted(r.res, 200, toScale(result.object), format);
}
