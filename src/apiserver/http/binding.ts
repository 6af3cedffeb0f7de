// The pods/binding subresource (upstream pkg/registry/core/pod/storage BindingREST): the one
// way to set spec.nodeName of an existing pod. A scheduler POSTs a v1 Binding; the pod gets
// the node if it has none yet, and PodScheduled=True.
import { ApiError } from '../../api/errors.ts';
import { aggregateMessage, notSupported, required, type FieldError } from '../../api/field.ts';
import type { ApiObject } from '../registry/object.ts';
import { decodeObjectBody, mediaType, readBody } from './body.ts';
import { writeOptions } from './request-options.ts';
import { writeFormatted } from './respond.ts';
import type { ResourceHandler, ResourceRequest } from './resource-handler.ts';

const bindingInfo = { group: '', version: 'v1', kind: 'Binding', plural: 'bindings' };
const bindingResource = { group: '', resource: 'pods/binding' };

/** upstream validation.ValidatePodBinding. */
export function validatePodBinding(binding: Record<string, any>): FieldError[] {
  const errs: FieldError[] = [];
  const target = (binding.target ?? {}) as Record<string, unknown>;
  const kind = typeof target.kind === 'string' ? target.kind : '';
  if (kind !== '' && kind !== 'Node') errs.push(notSupported('target.kind', kind, ['Node', '<empty>']));
  if (typeof target.name !== 'string' || target.name === '') errs.push(required('target.name', ''));
  return errs;
}

export async function bindingHandler(h: ResourceHandler, r: ResourceRequest): Promise<void> {
  const method = r.req.method ?? 'GET';
  if (method !== 'POST') throw ApiError.methodNotSupported(bindingResource, ({ GET: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' } as Record<string, string>)[method] ?? method.toLowerCase());
  const opts = writeOptions(r.query);
  const ctx = h.context(opts);
  const body = await readBody(r.req);
  const binding = h.decodeFor(bindingInfo as never, decodeObjectBody(body, mediaType(r.req), 'Binding'), opts, ctx.warnings);
  const meta = binding.metadata as Record<string, any>;
  if (meta.namespace && meta.namespace !== r.namespace) throw ApiError.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  if (meta.name !== r.name) throw ApiError.badRequest('name in URL does not match name in Binding object');
  const errs = validatePodBinding(binding);
  // Upstream returns the bare aggregate, which the API server reports as a 500 with an
  // empty reason (ErrorToAPIStatus of a non-Status error), not as a 422.
  if (errs.length > 0) throw new ApiError(500, '', aggregateMessage(errs));

  const podName = r.name!;
  const node = binding.target.name as string;
  const annotations = (meta.annotations ?? {}) as Record<string, string>;
  // The generic update path keeps spec.nodeName immutable and ignores status, so the bind is
  // written as a trusted spec write (upstream writes storage directly, without validation) ...
  const bound = await r.store
    .update(
      r.namespace,
      podName,
      (pod) => {
        if (!pod) throw ApiError.notFound(r.store.groupResource, podName);
        if (meta.uid) pod.metadata.uid = meta.uid;
        if (meta.resourceVersion) pod.metadata.resourceVersion = meta.resourceVersion;
        if (pod.metadata.deletionTimestamp) throw ApiError.conflict(bindingResource, podName, `pod ${podName} is being deleted, cannot be assigned to a host`);
        if (pod.spec?.nodeName) throw ApiError.conflict(bindingResource, podName, `pod ${podName} is already assigned to node "${pod.spec.nodeName}"`);
        if ((pod.spec?.schedulingGates ?? []).length > 0) throw ApiError.conflict(bindingResource, podName, `pod ${podName} has non-empty .spec.schedulingGates`);
        pod.spec = { ...pod.spec, nodeName: node };
        if (Object.keys(annotations).length > 0) pod.metadata.annotations = { ...pod.metadata.annotations, ...annotations };
        return pod;
      },
      { ...ctx, fieldManager: undefined, trusted: true },
    )
    .then((res) => res.object);
  // ... and PodScheduled=True follows through the status path (upstream sets it in the same
  // write). A pod deleted in between keeps its binding; the scheduler's status write repairs it.
  if (!opts.dryRun) {
    await r.store
      .update(
        r.namespace,
        podName,
        (pod) => {
          if (!pod || pod.metadata.uid !== bound.metadata.uid) throw ApiError.notFound(r.store.groupResource, podName);
          setPodScheduled(pod, ctx.now);
          return pod;
        },
        { ...h.context(opts), fieldManager: undefined },
        { subresource: 'status' },
      )
      .catch((e) => {
        if (!(e instanceof ApiError && e.reason === 'NotFound')) throw e;
      });
  }
  const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
  writeFormatted(r.res, 201, status, h.format(r) === 'yaml' ? 'yaml' : 'json');
}

/** podutil.UpdatePodCondition with {PodScheduled, True}: replaces the condition outright. */
function setPodScheduled(pod: ApiObject, now: Date): void {
  const conditions = ((pod.status?.conditions ?? []) as Array<Record<string, unknown>>).slice();
  const i = conditions.findIndex((c) => c.type === 'PodScheduled');
  const old = i >= 0 ? conditions[i] : undefined;
  const lastTransitionTime = old?.status === 'True' && old.lastTransitionTime ? old.lastTransitionTime : now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const cond = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime };
  if (i >= 0) conditions[i] = cond;
  else conditions.push(cond);
  pod.status = { ...pod.status, conditions };
}
