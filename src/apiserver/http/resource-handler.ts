// The verbs on resources: get, list, watch, create, update, patch, delete, deletecollection,
// and the status and scale subresources. Each verb decodes, calls the registry, and
// renders the answer in the negotiated format.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../../api/errors.ts';
import { forbidden, required, type FieldError } from '../../api/field.ts';
import { apiVersionOf, type ResourceInfo } from '../../api/resources.ts';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from '../../api/patch/index.ts';
import { findUnknownFields } from '../openapi/index.ts';
import { buildTable } from '../tables/index.ts';
import type { ApiObject } from '../registry/object.ts';
import type { ResourceStore, WatchEventType } from '../registry/resource-store.ts';
import type { RequestContext } from '../registry/strategy.ts';
import { decodeObjectBody, decodePatchBody, mediaType, readBody } from './body.ts';
import { negotiate, contentTypes, type ResponseFormat } from './negotiate.ts';
import { deleteOptions, validateListOptions, writeOptions, type WriteOptions } from './request-options.ts';
import { warningHeader, writeFormatted } from './respond.ts';
import { EventTextCache, WatchStream } from './watch-stream.ts';
import { scaleHandlers } from './scale.ts';
import { bindingHandler } from './binding.ts';
import type { PatchMetaSource } from '../patch-meta.ts';
import type { NodeProxy } from './node-proxy.ts';

export interface ResourceRequest {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  store: ResourceStore;
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
  watchPath: boolean;
}

export interface ResourceHandlerDeps {
  now(): Date;
  patchMeta: PatchMetaSource;
  watch: { maxQueuedEvents: number; minTimeoutSeconds: number; bookmarkIntervalMs: number };
  currentRevision(): number;
  /** pods/log and pods/exec, proxied to the pod's node agent. */
  nodeProxy: Pick<NodeProxy, 'handle'>;
}

const objectFormats: ResponseFormat[] = ['json', 'yaml', 'table'];

export class ResourceHandler {
  readonly #deps: ResourceHandlerDeps;
  readonly #eventText = new EventTextCache();

  constructor(deps: ResourceHandlerDeps) {
    this.#deps = deps;
  }

  async handle(r: ResourceRequest): Promise<void> {
    const { req, store, name, subresource } = r;
    const method = req.method ?? 'GET';
    if (subresource && !(store.info.subresources as string[]).includes(subresource)) throw notFoundPath();
    if (subresource === 'scale') return scaleHandlers(this, r);
    if (subresource === 'log' || subresource === 'exec') return this.#deps.nodeProxy.handle(r);
    if (subresource === 'binding') return bindingHandler(this, r);
    if (!name) {
      if (subresource) throw notFoundPath();
      if (method === 'GET') return r.watchPath || isTrue(r.query.get('watch')) ? this.#watch(r) : this.#list(r);
      if (method === 'POST') return this.#create(r);
      if (method === 'DELETE') {
        if (!store.info.verbs.includes('deletecollection')) throw ApiError.methodNotSupported(store.groupResource, 'deletecollection');
        return this.#deleteCollection(r);
      }
      throw ApiError.methodNotSupported(store.groupResource, methodVerb(method));
    }
    if (r.watchPath && method === 'GET') return this.#watch(r, name);
    switch (method) {
      case 'GET':
        return this.#get(r);
      case 'PUT':
        return this.#update(r);
      case 'PATCH':
        return this.#patch(r);
      case 'DELETE':
        if (subresource) throw ApiError.methodNotSupported(store.groupResource, 'delete');
        return this.#delete(r);
      default:
        throw ApiError.methodNotSupported(store.groupResource, methodVerb(method));
    }
  }

  // ---- reads

  async #get(r: ResourceRequest): Promise<void> {
    const format = this.format(r);
    const obj = await r.store.get(r.namespace, r.name!);
    this.respondObject(r, 200, obj, format);
  }

  async #list(r: ResourceRequest): Promise<void> {
    const format = this.format(r);
    const q = r.query;
    validateListOptions(q, false);
    const limit = q.get('limit') ? Number(q.get('limit')) : undefined;
    const result = await r.store.list(r.namespace, {
      labelSelector: q.get('labelSelector') ?? undefined,
      fieldSelector: q.get('fieldSelector') ?? undefined,
      limit: Number.isFinite(limit) ? limit : undefined,
      continue: q.get('continue') ?? undefined,
      resourceVersion: q.get('resourceVersion') ?? undefined,
      resourceVersionMatch: q.get('resourceVersionMatch') ?? undefined,
    });
    if (format === 'table') {
      const table = buildTable(r.store.info, result.items, {
        now: this.#deps.now(),
        includeObject: includeObject(q),
        resourceVersion: result.resourceVersion,
        continue: result.continue,
        remainingItemCount: result.remainingItemCount,
      });
      writeFormatted(r.res, 200, table, 'table');
      return;
    }
    const info = r.store.info;
    const metadata: Record<string, unknown> = { resourceVersion: result.resourceVersion };
    if (result.continue) metadata.continue = result.continue;
    if (result.remainingItemCount !== undefined) metadata.remainingItemCount = result.remainingItemCount;
    const list = { kind: info.listKind, apiVersion: apiVersionOf(info), metadata, items: result.items.map((o) => withTypeMeta(info, o)) };
    writeFormatted(r.res, 200, list, format);
  }

  async #watch(r: ResourceRequest, name?: string): Promise<void> {
    const format = this.format(r);
    const q = r.query;
    validateListOptions(q, true);
    const info = r.store.info;
    const timeoutSeconds = q.get('timeoutSeconds') ? Number(q.get('timeoutSeconds')) : undefined;
    const min = this.#deps.watch.minTimeoutSeconds;
    // Upstream spreads watch lifetimes over [min, 2*min] so clients do not reconnect in lockstep.
    const timeoutMs = (timeoutSeconds && timeoutSeconds > 0 ? timeoutSeconds : min * (1 + Math.random())) * 1000;
    let fieldSelector = q.get('fieldSelector') ?? undefined;
    if (name) fieldSelector = [fieldSelector, `metadata.name=${name}`].filter(Boolean).join(',');
    const now = () => this.#deps.now();
    let first = true;
    const include = format === 'table' ? includeObject(q) : 'Metadata';
    const render = (type: string, obj: ApiObject): string => {
      if (format === 'table') {
        const withColumns = first;
        first = false;
        return this.#eventText.get(obj, `table:${type}:${withColumns}:${include}`, () => {
          const table = buildTable(info, [obj], { now: now(), includeObject: include, resourceVersion: obj.metadata.resourceVersion });
          if (!withColumns) (table as { columnDefinitions: unknown[] }).columnDefinitions = [];
          return JSON.stringify({ type, object: table });
        });
      }
      return this.#eventText.get(obj, `json:${type}`, () => JSON.stringify({ type, object: withTypeMeta(info, obj) }));
    };
    let stream: WatchStream | undefined;
    const early: string[] = [];
    const send = (type: WatchEventType, obj: ApiObject) => {
      const line = render(type, obj);
      if (stream) stream.send(line);
      else early.push(line);
    };
    const contentType = format === 'table' ? contentTypes.json : contentTypes[format === 'yaml' ? 'json' : format];
    let started: Awaited<ReturnType<ResourceStore['watch']>>;
    try {
      started = await r.store.watch(r.namespace, {
        labelSelector: q.get('labelSelector') ?? undefined,
        fieldSelector,
        resourceVersion: q.get('resourceVersion') ?? undefined,
        sendInitialEvents: q.has('sendInitialEvents') ? isTrue(q.get('sendInitialEvents')) : undefined,
      }, send);
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 410)) throw e;
      // Upstream accepts the watch and reports a compacted revision as one ERROR event
      // carrying the 410 Expired Status (cacher newErrWatcher); clients then re-list.
      const failed = new WatchStream(r.res, contentType, { maxQueuedEvents: 1, timeoutMs, bookmarkIntervalMs: undefined, bookmark: () => '', onClose: () => {} });
      failed.send(JSON.stringify({ type: 'ERROR', object: e.toStatus() }));
      failed.close();
      return;
    }
    const bookmarks = isTrue(q.get('allowWatchBookmarks'));
    stream = new WatchStream(r.res, contentType, {
      maxQueuedEvents: this.#deps.watch.maxQueuedEvents,
      timeoutMs,
      bookmarkIntervalMs: bookmarks ? this.#deps.watch.bookmarkIntervalMs : undefined,
      bookmark: () => JSON.stringify({ type: 'BOOKMARK', object: { kind: info.kind, apiVersion: apiVersionOf(info), metadata: { resourceVersion: String(this.#deps.currentRevision()) } } }),
      onClose: () => started.watch.close(),
    });
    stream.sendInitial(early);
    if (isTrue(q.get('sendInitialEvents')) && bookmarks) {
      // The end of the initial events, marked as the watch-list protocol defines it.
      stream.send(JSON.stringify({ type: 'BOOKMARK', object: { kind: info.kind, apiVersion: apiVersionOf(info), metadata: { resourceVersion: String(started.resourceVersion), annotations: { 'k8s.io/initial-events-end': 'true' } } } }));
    }
  }

  // ---- writes

  context(opts: WriteOptions): RequestContext {
    return { now: this.#deps.now(), dryRun: opts.dryRun, fieldManager: opts.fieldManager, warnings: [] };
  }

  async #create(r: ResourceRequest): Promise<void> {
    const opts = writeOptions(r.query);
    const info = r.store.info;
    const body = await readBody(r.req);
    const ctx = this.context(opts);
    const obj = this.decodeFor(info, decodeObjectBody(body, mediaType(r.req), info.kind), opts, ctx.warnings);
    const created = await r.store.create(r.namespace, obj as ApiObject, ctx);
    this.respondObject(r, 201, created, this.format(r), ctx.warnings);
  }

  async #update(r: ResourceRequest): Promise<void> {
    const opts = writeOptions(r.query);
    const info = r.store.info;
    const body = await readBody(r.req);
    const ctx = this.context(opts);
    const obj = this.decodeFor(info, decodeObjectBody(body, mediaType(r.req), info.kind), opts, ctx.warnings);
    checkName(obj, r.name!);
    const sub = r.subresource === 'status' || r.subresource === 'finalize' ? r.subresource : undefined;
    if (r.subresource === 'finalize' && r.req.method !== 'PUT') throw ApiError.methodNotSupported(r.store.groupResource, 'patch');
    const result = await r.store.update(r.namespace, r.name!, () => obj as ApiObject, ctx, { subresource: sub });
    this.respondObject(r, result.created ? 201 : 200, result.object, this.format(r), ctx.warnings);
  }

  async #patch(r: ResourceRequest): Promise<void> {
    const type = mediaType(r.req);
    // Upstream checks the media type first, before the body, the options or the object.
    if (!patchTypes.includes(type)) throw unsupportedPatchType();
    const opts = writeOptions(r.query);
    const info = r.store.info;
    const isApply = type === 'application/apply-patch+yaml';
    validatePatchOptions(r.query, opts, isApply);
    const patch = decodePatchBody(await readBody(r.req), type);
    const ctx = this.context(opts);
    const patchRv = (patch as { metadata?: { resourceVersion?: string } } | undefined)?.metadata?.resourceVersion;
    const sub = r.subresource === 'status' ? 'status' : undefined;
    const result = await r.store.update(
      r.namespace,
      r.name!,
      (current) => {
        if (!current) {
          if (!isApply) throw ApiError.notFound(r.store.groupResource, r.name!);
          const created = this.decodeFor(info, structuredClone(patch) as Record<string, any>, opts, ctx.warnings);
          checkName(created, r.name!);
          return created as ApiObject;
        }
        const patched = this.applyPatch(info, current, type, patch);
        const decoded = this.decodeFor(info, patched, opts, ctx.warnings) as ApiObject;
        checkName(decoded, r.name!);
        // Without a resourceVersion in the patch itself, a concurrent write is not a
        // conflict: the patch is applied again to the newer object.
        if (type !== 'application/json-patch+json' && !patchRv) delete decoded.metadata.resourceVersion;
        if (type === 'application/json-patch+json' && decoded.metadata.resourceVersion === current.metadata.resourceVersion) delete decoded.metadata.resourceVersion;
        return decoded;
      },
      ctx,
      { subresource: sub, createIfMissing: isApply, operation: isApply ? 'Apply' : 'Update' },
    );
    this.respondObject(r, result.created ? 201 : 200, result.object, this.format(r), ctx.warnings);
  }

  applyPatch(info: ResourceInfo, current: ApiObject, type: string, patch: unknown): Record<string, any> {
    switch (type) {
      case 'application/json-patch+json':
        return applyJsonPatch(withTypeMeta(info, current), patch as never) as Record<string, any>;
      case 'application/merge-patch+json':
        return applyMergePatch(withTypeMeta(info, current), patch) as Record<string, any>;
      case 'application/strategic-merge-patch+json':
      case 'application/apply-patch+yaml':
        return applyStrategicMergePatch(withTypeMeta(info, current), patch as Record<string, unknown>, this.#deps.patchMeta(info)) as Record<string, any>;
      default:
        throw unsupportedPatchType();
    }
  }

  async #delete(r: ResourceRequest): Promise<void> {
    const opts = writeOptions(r.query);
    const bodyBuf = await readBody(r.req);
    const body = bodyBuf.length > 0 ? (decodeObjectBody(bodyBuf, mediaType(r.req), 'DeleteOptions') as Record<string, any>) : undefined;
    if (body?.dryRun) opts.dryRun = opts.dryRun || (body.dryRun as string[]).includes('All');
    const ctx = this.context(opts);
    const result = await r.store.delete(r.namespace, r.name!, deleteOptions(r.query, body), ctx);
    const info = r.store.info;
    if (!result.deleted || r.store.strategy.returnDeletedObject) {
      this.respondObject(r, 200, result.object, this.format(r), ctx.warnings);
      return;
    }
    const status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: result.object.metadata.name, group: info.group || undefined, kind: info.plural, uid: result.object.metadata.uid },
    };
    writeFormatted(r.res, 200, status, this.format(r) === 'yaml' ? 'yaml' : 'json', warningHeader(ctx.warnings));
  }

  async #deleteCollection(r: ResourceRequest): Promise<void> {
    const opts = writeOptions(r.query);
    const bodyBuf = await readBody(r.req);
    const body = bodyBuf.length > 0 ? (decodeObjectBody(bodyBuf, mediaType(r.req), 'DeleteOptions') as Record<string, any>) : undefined;
    const ctx = this.context(opts);
    const options = deleteOptions(r.query, body);
    const listed = await r.store.list(r.namespace, {
      labelSelector: r.query.get('labelSelector') ?? undefined,
      fieldSelector: r.query.get('fieldSelector') ?? undefined,
    });
    const items: ApiObject[] = [];
    for (const obj of listed.items) {
      try {
        const res = await r.store.delete(obj.metadata.namespace, obj.metadata.name!, options, ctx);
        items.push(res.object);
      } catch (e) {
        if (!(e instanceof ApiError && e.reason === 'NotFound')) throw e;
      }
    }
    const info = r.store.info;
    writeFormatted(r.res, 200, { kind: info.listKind, apiVersion: apiVersionOf(info), metadata: { resourceVersion: listed.resourceVersion }, items: items.map((o) => withTypeMeta(info, o)) }, this.format(r) === 'yaml' ? 'yaml' : 'json');
  }

  // ---- shared

  format(r: ResourceRequest): ResponseFormat {
    const f = negotiate(r.req.headers.accept, objectFormats);
    if (!f) throw new ApiError(406, 'NotAcceptable', `only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf`);
    return f;
  }

  respondObject(r: ResourceRequest, code: number, obj: ApiObject, format: ResponseFormat, warnings: readonly string[] = []): void {
    const info = r.store.info;
    if (format === 'table') {
      writeFormatted(r.res, code, buildTable(info, [obj], { now: this.#deps.now(), includeObject: includeObject(r.query), resourceVersion: obj.metadata.resourceVersion }), 'table', warningHeader(warnings));
      return;
    }
    writeFormatted(r.res, code, withTypeMeta(info, obj), format, warningHeader(warnings));
  }

  /**
   * Checks a decoded object against the URL's kind, applies fieldValidation (Strict fails,
   * Warn warns, Ignore is silent) and drops unknown fields as typed decoding would.
   */
  decodeFor(info: ResourceInfo, obj: Record<string, any>, opts: WriteOptions, warnings: string[]): Record<string, any> {
    const apiVersion = apiVersionOf(info);
    if (obj.apiVersion === undefined || obj.apiVersion === '') obj.apiVersion = apiVersion;
    if (obj.kind === undefined || obj.kind === '') obj.kind = info.kind;
    if (obj.apiVersion !== apiVersion) {
      throw ApiError.badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersion})`);
    }
    if (obj.kind !== info.kind) {
      throw ApiError.badRequest(`${obj.kind} in version "${info.version}" cannot be handled as a ${info.kind}: no kind "${obj.kind}" is registered for the ${info.plural} resource`);
    }
    if (typeof obj.metadata !== 'object' || obj.metadata === null || Array.isArray(obj.metadata)) obj.metadata = {};
    if (opts.fieldValidation === 'Ignore' && !opts.dryRun) {
      pruneUnknown(obj, findUnknownFields(info.group, info.version, info.kind, obj));
      return obj;
    }
    const unknown = findUnknownFields(info.group, info.version, info.kind, obj);
    if (unknown.length > 0) {
      if (opts.fieldValidation === 'Strict') {
        throw ApiError.badRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: strict decoding error: ${unknown.join(', ')}`);
      }
      if (opts.fieldValidation === 'Warn') warnings.push(...unknown);
      pruneUnknown(obj, unknown);
    }
    return obj;
  }
}

/** The patch media types, in the order upstream's installer lists them in its 415 message. */
const patchTypes = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];

function unsupportedPatchType(): ApiError {
  return new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${patchTypes.join(', ')}`);
}

/** upstream validation.ValidatePatchOptions: a 422 on the PatchOptions kind. */
function validatePatchOptions(q: URLSearchParams, opts: WriteOptions, isApply: boolean): void {
  const errs: FieldError[] = [];
  if (!isApply && q.has('force')) errs.push(forbidden('force', 'may not be specified for non-apply patch'));
  if (isApply && !opts.fieldManager) errs.push(required('fieldManager', 'is required for apply patch'));
  if (errs.length > 0) throw ApiError.invalid('meta.k8s.io', 'PatchOptions', '', errs);
}

function pruneUnknown(obj: Record<string, any>, messages: string[]): void {
  for (const m of messages) {
    const match = /^unknown field "(.*)"$/.exec(m);
    if (!match) continue;
    const steps: Array<string | number> = match[1]!.split(/\.|(?=\[)/).map((s) => (s.startsWith('[') ? Number(s.slice(1, -1)) : s));
    let node: any = obj;
    for (let i = 0; i < steps.length - 1 && node !== undefined; i++) node = node[steps[i]!];
    if (node && typeof node === 'object') delete node[steps[steps.length - 1]!];
  }
}

function checkName(obj: Record<string, any>, name: string): void {
  const bodyName = obj.metadata?.name;
  if (bodyName && bodyName !== name) throw ApiError.badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${name})`);
  if (!bodyName) obj.metadata.name = name;
}

export function withTypeMeta(info: ResourceInfo, obj: ApiObject): ApiObject {
  if (obj.apiVersion === apiVersionOf(info) && obj.kind === info.kind) return obj;
  // apiVersion and kind lead, as Go encodes TypeMeta first.
  const { apiVersion: _a, kind: _k, ...rest } = obj;
  return { apiVersion: apiVersionOf(info), kind: info.kind, ...rest } as ApiObject;
}

function includeObject(q: URLSearchParams): 'None' | 'Metadata' | 'Object' {
  const v = q.get('includeObject') ?? '';
  if (v === '' || v === 'Metadata') return 'Metadata';
  if (v === 'None' || v === 'Object') return v;
  throw ApiError.badRequest(`unrecognized includeObject value: ${JSON.stringify(v)}`);
}

const isTrue = (v: string | null) => v === 'true' || v === '1';

function methodVerb(method: string): string {
  return ({ GET: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' } as Record<string, string>)[method] ?? method.toLowerCase();
}

export function notFoundPath(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}
