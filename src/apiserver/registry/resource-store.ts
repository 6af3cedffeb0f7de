// The one generic registry every resource goes through (upstream genericregistry.Store):
// metadata system fields, defaulting, validation, optimistic concurrency, no-op detection,
// finalizers and graceful deletion, list pagination and filtered watches. Kinds differ
// only in their Strategy.
import { ApiError, type GroupResource } from '../../api/errors.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import { StoreError, type KeyValue, type Store, type Watch, type WatchEvent } from '../../storage/index.ts';
import { continueExpired, decodeContinue, encodeContinue, listTooOld } from './continue-token.ts';
import { collectionPrefix, objectKey } from './keys.ts';
import { generateName, newUid, timestamp } from './names.ts';
import { deepClone, jsonEqual, type ApiObject } from './object.ts';
import { compileFilter, type ObjectFilter, type SelectorQuery } from './filter.ts';
import type { Allocation, RequestContext, Strategy } from './strategy.ts';

export interface ListQuery extends SelectorQuery {
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListResult {
  items: ApiObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchQuery extends SelectorQuery {
  resourceVersion?: string;
  sendInitialEvents?: boolean;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface DeleteResult {
  object: ApiObject;
  /** False when deletion is pending (finalizers, grace period). */
  deleted: boolean;
}

/** Hooks from outside the registry that every write consults (admission). */
export interface Admission {
  /** Throws when objects may not be created in the namespace (missing or terminating). */
  checkNamespace(namespace: string, resource: GroupResource, name: string): Promise<void>;
  /** Called after a successful write, before the response (e.g. to wake controllers). */
  onDelete?(obj: ApiObject): void;
}

export interface ResourceStoreOptions {
  info: ResourceInfo;
  strategy: Strategy;
  store: Store;
  admission: Admission;
  /** Converts between the served and the stored form, where they differ (events.k8s.io). */
  codec?: { toStorage(obj: ApiObject): ApiObject; fromStorage(obj: ApiObject): ApiObject };
}

/** A PUT that creates may race another create of the same name this many times. */
const maxCreateRaces = 16;

export class ResourceStore {
  readonly info: ResourceInfo;
  readonly strategy: Strategy;
  readonly groupResource: GroupResource;
  readonly #store: Store;
  readonly #admission: Admission;
  readonly #codec: ResourceStoreOptions['codec'];
  #decoded: { key: string; rev: number; obj: ApiObject } | undefined;

  constructor(opts: ResourceStoreOptions) {
    this.info = opts.info;
    this.strategy = opts.strategy;
    this.#store = opts.store;
    this.#admission = opts.admission;
    this.#codec = opts.codec;
    this.groupResource = { group: opts.info.group, resource: opts.info.plural };
  }

  // ---- reads

  async get(namespace: string | undefined, name: string): Promise<ApiObject> {
    const kv = await this.#store.get(objectKey(this.info, namespace, name));
    if (!kv) throw ApiError.notFound(this.groupResource, name);
    return this.decode(kv);
  }

  async list(namespace: string | undefined, q: ListQuery): Promise<ListResult> {
    const filter = compileFilter(this.info, this.strategy, q);
    const prefix = collectionPrefix(this.info, namespace);
    let startAfter: string | undefined;
    let revision: number | undefined;
    const limit = q.limit && q.limit > 0 ? q.limit : 0;
    const rv = q.resourceVersion && q.resourceVersion !== '0' ? parseResourceVersion(q.resourceVersion) : undefined;
    if (q.continue) {
      if (rv !== undefined) throw ApiError.badRequest('specifying resource version is not allowed when using continue');
      ({ startAfter, revision } = decodeContinue(q.continue, prefix));
      if (revision !== undefined && revision < this.#store.compactedRevision()) throw continueExpired(startAfter, prefix);
    } else if (rv !== undefined) {
      if (rv > this.#store.currentRevision()) {
        throw new ApiError(504, 'Timeout', `Too large resource version: ${rv}, current: ${this.#store.currentRevision()}`, { retryAfterSeconds: 1 });
      }
      // Exact, and (upstream's legacy rule) a paginated list without a match rule, read at rv.
      if (q.resourceVersionMatch === 'Exact' || (!q.resourceVersionMatch && limit > 0)) {
        if (rv < this.#store.compactedRevision()) throw limit > 0 ? continueExpired(undefined, prefix) : ApiError.gone(listTooOld);
        revision = rv;
      }
    }
    const items: ApiObject[] = [];
    let more = false;
    let lastKey: string | undefined;
    let listRevision = revision;
    let remainingItemCount: number | undefined;
    const firstKey = startAfter;
    try {
      // Filtering happens after reading, so a page may need several store reads to fill.
      pages: for (;;) {
        const page = await this.#store.list(prefix, { limit, startAfter, revision: listRevision });
        listRevision = page.revision;
        for (let i = 0; i < page.items.length; i++) {
          const kv = page.items[i]!;
          lastKey = kv.key;
          const obj = this.decode(kv);
          if (filter.matches(obj)) items.push(obj);
          if (limit && items.length === limit) {
            more = i < page.items.length - 1 || page.more;
            break pages;
          }
        }
        if (!page.more) break;
        startAfter = lastKey;
      }
      // Upstream counts the keys after this page at the list's revision (etcd's range count
      // minus the page); a total count would be wrong on every page after the first.
      if (more && filter.empty) remainingItemCount = (await this.#store.list(prefix, { startAfter: lastKey, revision: listRevision })).items.length;
    } catch (e) {
      // Compacted while reading: the same answers as when it was compacted before.
      if (e instanceof StoreError && e.code === 'Compacted') throw limit > 0 || q.continue ? continueExpired(firstKey, prefix) : ApiError.gone(listTooOld);
      throw e;
    }
    const result: ListResult = { items, resourceVersion: String(listRevision ?? this.#store.currentRevision()) };
    if (more && lastKey !== undefined) {
      result.continue = encodeContinue(lastKey, prefix, listRevision!);
      if (remainingItemCount !== undefined) result.remainingItemCount = remainingItemCount;
    }
    return result;
  }

  /**
   * Watches the collection. Initial ADDED events are sent for the current state when no
   * resourceVersion (or "0") is given, as the watch cache does; otherwise events after it.
   */
  async watch(namespace: string | undefined, q: WatchQuery, send: (type: WatchEventType, obj: ApiObject) => void): Promise<{ watch: Watch; resourceVersion: number }> {
    const filter = compileFilter(this.info, this.strategy, q);
    const prefix = collectionPrefix(this.info, namespace);
    let from: number;
    // sendInitialEvents, when given, decides; it defaults to true only from "now" (upstream).
    const initial = q.sendInitialEvents ?? (!q.resourceVersion || q.resourceVersion === '0');
    if (initial) {
      const listed = await this.#store.list(prefix);
      from = listed.revision;
      for (const kv of listed.items) {
        const obj = this.decode(kv);
        if (filter.matches(obj)) send('ADDED', obj);
      }
    } else if (!q.resourceVersion || q.resourceVersion === '0') {
      from = this.#store.currentRevision();
    } else {
      from = parseResourceVersion(q.resourceVersion);
    }
    try {
      const watch = this.#store.watch(prefix, from, (e) => this.#dispatch(e, filter, send));
      return { watch, resourceVersion: from };
    } catch (e) {
      if (e instanceof StoreError && e.code === 'Compacted') throw ApiError.gone(`too old resource version: ${from} (${this.#store.compactedRevision()})`);
      throw e;
    }
  }

  #dispatch(e: WatchEvent, filter: ObjectFilter, send: (type: WatchEventType, obj: ApiObject) => void): void {
    const obj = this.decode(e.kv);
    const now = filter.matches(obj);
    if (e.type === 'delete') {
      if (now) send('DELETED', obj);
      return;
    }
    const before = e.prev ? filter.matches(this.decode(e.prev)) : false;
    if (now && before) send('MODIFIED', obj);
    else if (now) send('ADDED', obj);
    else if (before) send('DELETED', obj);
  }

  // ---- writes

  async create(namespace: string | undefined, body: ApiObject, ctx: RequestContext, operation: 'Update' | 'Apply' = 'Update'): Promise<ApiObject> {
    let obj = this.#adoptNamespace(deepClone(body), namespace);
    const meta = obj.metadata;
    if (meta.resourceVersion) throw ApiError.badRequest('resourceVersion should not be set on objects to be created');
    if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
    meta.uid = newUid();
    meta.creationTimestamp = timestamp(ctx.now);
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (this.strategy.tracksGeneration) meta.generation = 1;
    else delete meta.generation;
    if (this.strategy.defaults) obj = this.strategy.defaults(obj);
    if (this.info.namespaced && namespace) await this.#admission.checkNamespace(namespace, this.groupResource, meta.name ?? '');
    // Upstream order: admission, allocation, PrepareForCreate, validation, store. So an
    // allocation failure is reported before field errors, and a later failure gives it back.
    const allocation = this.strategy.allocate?.(obj, undefined, ctx);
    try {
      this.strategy.prepareForCreate?.(obj, ctx);
      if (!ctx.trusted) this.#validate(obj, this.strategy.validate?.(obj) ?? []);
      recordManager(obj, undefined, ctx, operation);
      if (ctx.dryRun) return this.#fromStorageForm(obj);
      const kv = await this.#store.create(objectKey(this.info, namespace, meta.name!), encode(this.#toStorageForm(obj)));
      allocation?.commit();
      return this.decode(kv);
    } catch (e) {
      if (e instanceof StoreError && e.code === 'KeyExists') throw ApiError.alreadyExists(this.groupResource, meta.name!);
      throw e;
    } finally {
      allocation?.revert(); // no-op after commit
    }
  }

  /**
   * Read-modify-write with retries (upstream GuaranteedUpdate). `mutate` gets a private copy
   * of the current object (undefined if missing) and returns the desired object; a
   * resourceVersion in it is a precondition. Returns the stored object and whether it was created.
   */
  async update(
    namespace: string | undefined,
    name: string,
    mutate: (current: ApiObject | undefined) => ApiObject | Promise<ApiObject>,
    ctx: RequestContext,
    opts: { subresource?: 'status' | 'finalize'; createIfMissing?: boolean; operation?: 'Update' | 'Apply' } = {},
  ): Promise<{ object: ApiObject; created: boolean }> {
    const key = objectKey(this.info, namespace, name);
    let kv = await this.#store.get(key);
    for (let attempt = 0; ; attempt++) {
      const current = kv ? this.decode(kv) : undefined;
      const desired = await mutate(current ? deepClone(current) : undefined);
      if (!kv || !current) {
        if (!(opts.createIfMissing || this.strategy.allowCreateOnUpdate) || opts.subresource) throw ApiError.notFound(this.groupResource, name);
        const body = deepClone(desired);
        delete body.metadata.resourceVersion;
        try {
          // A server-side apply that creates records its manager as an Apply (upstream).
          return { object: await this.create(namespace, body, ctx, opts.operation), created: true };
        } catch (e) {
          if (e instanceof ApiError && e.reason === 'AlreadyExists' && attempt < maxCreateRaces) {
            kv = await this.#store.get(key);
            continue;
          }
          throw e;
        }
      }
      const precondition = desired.metadata?.resourceVersion;
      if (precondition && precondition !== current.metadata.resourceVersion) throw ApiError.staleResourceVersion(this.groupResource, name);
      if (!precondition && this.strategy.allowUnconditionalUpdate === false) {
        throw ApiError.invalid(this.info.group, this.info.kind, name, [{ type: 'FieldValueInvalid', field: 'metadata.resourceVersion', badValue: 0, detail: 'must be specified for an update' }]);
      }
      ctx.subresource = opts.subresource;
      const next = this.#adoptNamespace(deepClone(desired), namespace);
      // An unconditional update is made against the version just read (upstream sets it too).
      next.metadata.resourceVersion = current.metadata.resourceVersion;
      const { object: prepared, allocation } = this.#prepareUpdate(next, current, ctx, opts.subresource);
      try {
        recordManager(prepared, current, ctx, opts.operation ?? 'Update');
        if (sameExceptBookkeeping(prepared, current)) return { object: current, created: false };
        if (prepared.metadata.deletionTimestamp && allFinalizers(this.strategy, prepared).length === 0) {
          // Removing the last finalizer of an object being deleted completes the deletion.
          if (ctx.dryRun) return { object: prepared, created: false };
          const attempt = await this.#deleteExact(key, kv);
          if (attempt.deleted) return { object: attempt.deleted, created: false };
          kv = attempt.current;
          continue;
        }
        if (ctx.dryRun) return { object: this.#fromStorageForm(prepared), created: false };
        const updated = await this.#store.update(key, encode(this.#toStorageForm(prepared)), kv.modRevision);
        allocation?.commit();
        return { object: this.decode(updated), created: false };
      } catch (e) {
        if (e instanceof StoreError && (e.code === 'Conflict' || e.code === 'NotFound')) {
          if (precondition) throw ApiError.staleResourceVersion(this.groupResource, name);
          // Another write won: try again on top of it (the store hands back the value that
          // won). Like upstream's GuaranteedUpdate there is no retry limit, as every retry
          // follows someone else's success; a limit turned contention into 500s.
          kv = e.current;
          continue;
        }
        throw e;
      } finally {
        allocation?.revert(); // no-op after commit
      }
    }
  }

  #prepareUpdate(next: ApiObject, current: ApiObject, ctx: RequestContext, subresource: 'status' | 'finalize' | undefined): { object: ApiObject; allocation: Allocation | undefined } {
    const meta = next.metadata;
    const old = current.metadata;
    if (meta.uid && meta.uid !== old.uid) {
      throw new ApiError(409, 'Conflict', `Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: ${old.uid}`, { name: old.name, group: this.info.group || undefined, kind: this.info.plural });
    }
    // System fields belong to the server; a client that omits them keeps them.
    meta.uid = old.uid;
    meta.creationTimestamp = meta.creationTimestamp ?? old.creationTimestamp;
    meta.deletionTimestamp = old.deletionTimestamp;
    meta.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
    if (old.deletionTimestamp === undefined) delete meta.deletionTimestamp;
    if (old.deletionGracePeriodSeconds === undefined) delete meta.deletionGracePeriodSeconds;
    if (this.strategy.hasStatusSubresource) {
      if (subresource === 'status') {
        // The status subresource changes status only (upstream ResetObjectMetaForStatus + strategy).
        const status = next.status;
        const managed = meta.managedFields;
        next = deepClone(current);
        if (status === undefined) delete next.status;
        else next.status = status;
        if (managed) next.metadata.managedFields = managed;
      } else if (current.status !== undefined) {
        next.status = deepClone(current.status);
      } else delete next.status;
    }
    if (this.strategy.defaults) next = this.strategy.defaults(next);
    if (this.strategy.tracksGeneration) {
      next.metadata.generation = old.generation ?? 1;
      if (subresource !== 'status' && specChanged(next, current)) next.metadata.generation += 1;
    } else if (old.generation !== undefined) next.metadata.generation = old.generation;
    else delete next.metadata.generation;
    const allocation = subresource ? undefined : this.strategy.allocate?.(next, current, ctx);
    try {
      this.strategy.prepareForUpdate?.(next, current, ctx);
      if (!ctx.trusted) {
        const errs = subresource === 'status' && this.strategy.validateStatusUpdate ? this.strategy.validateStatusUpdate(next, current) : (this.strategy.validateUpdate?.(next, current) ?? []);
        this.#validate(next, errs);
      }
    } catch (e) {
      allocation?.revert();
      throw e;
    }
    return { object: next, allocation };
  }

  async delete(namespace: string | undefined, name: string, options: DeleteOptions, ctx: RequestContext): Promise<DeleteResult> {
    const key = objectKey(this.info, namespace, name);
    let kv = await this.#store.get(key);
    for (;;) {
      if (!kv) throw ApiError.notFound(this.groupResource, name);
      const current = this.decode(kv);
      checkPreconditions(this.info, current, options);
      const policy = options.propagationPolicy ?? (options.orphanDependents === true ? 'Orphan' : options.orphanDependents === false ? 'Background' : undefined);
      const next = deepClone(current);
      const meta = next.metadata;
      const finalizers = new Set(meta.finalizers ?? []);
      if (!meta.deletionTimestamp) {
        if (policy === 'Foreground') finalizers.add('foregroundDeletion');
        if (policy === 'Orphan') finalizers.add('orphan');
      } else if (policy === 'Orphan' && !finalizers.has('foregroundDeletion')) finalizers.add('orphan');
      if (finalizers.size > 0) meta.finalizers = [...finalizers];
      const grace = (await this.strategy.gracePeriod?.(current, options.gracePeriodSeconds)) ?? 0;
      const pending = allFinalizers(this.strategy, next).length > 0;
      if (pending || grace > 0) {
        // Deletion waits for finalizers or for the kubelet (graceful pod deletion).
        if (meta.deletionTimestamp && jsonEqual(meta.finalizers, current.metadata.finalizers)) {
          const shorter = grace < (current.metadata.deletionGracePeriodSeconds ?? Infinity);
          if (!shorter) return { object: current, deleted: false };
        }
        if (!meta.deletionTimestamp && (meta.generation ?? 0) > 0) meta.generation = (meta.generation ?? 0) + 1;
        meta.deletionTimestamp = timestamp(new Date(ctx.now.getTime() + grace * 1000));
        meta.deletionGracePeriodSeconds = grace;
        this.strategy.prepareForUpdate?.(next, current, ctx);
        if (ctx.dryRun) return { object: next, deleted: false };
        try {
          const updated = await this.#store.update(key, encode(this.#toStorageForm(next)), kv.modRevision);
          return { object: this.decode(updated), deleted: false };
        } catch (e) {
          if (e instanceof StoreError && (e.code === 'Conflict' || e.code === 'NotFound')) {
            kv = e.current; // as in update(): retry on top of the write that won
            continue;
          }
          throw e;
        }
      }
      if (ctx.dryRun) return { object: current, deleted: true };
      const attempt = await this.#deleteExact(key, kv);
      if (attempt.deleted) return { object: attempt.deleted, deleted: true };
      kv = attempt.current;
    }
  }

  /**
   * Deletes the key at exactly kv's revision. When another write won, returns the value that
   * won (from the store's Conflict, not a fresh read: a fresh read may not see a write that is
   * not durable yet, and retrying against it would spin without ever yielding).
   */
  async #deleteExact(key: string, kv: KeyValue): Promise<{ deleted?: ApiObject; current?: KeyValue }> {
    let gone: KeyValue;
    try {
      gone = await this.#store.delete(key, kv.modRevision);
    } catch (e) {
      if (e instanceof StoreError && (e.code === 'Conflict' || e.code === 'NotFound')) return { current: e.current };
      throw e;
    }
    const obj = this.decode(gone);
    await this.strategy.released?.(obj);
    this.#admission.onDelete?.(obj);
    return { deleted: obj };
  }

  // ---- encoding

  /** Decodes a stored value; the result is shared and must not be mutated. */
  decode(kv: KeyValue): ApiObject {
    const cached = this.#decoded;
    if (cached && cached.key === kv.key && cached.rev === kv.modRevision) return cached.obj;
    const obj = JSON.parse(kv.value) as ApiObject;
    obj.metadata.resourceVersion = String(kv.modRevision);
    const served = this.#fromStorageForm(obj);
    this.#decoded = { key: kv.key, rev: kv.modRevision, obj: served };
    return served;
  }

  #toStorageForm(obj: ApiObject): ApiObject {
    return this.#codec ? this.#codec.toStorage(obj) : obj;
  }

  #fromStorageForm(obj: ApiObject): ApiObject {
    return this.#codec ? this.#codec.fromStorage(obj) : obj;
  }

  #adoptNamespace(obj: ApiObject, namespace: string | undefined): ApiObject {
    if (!obj.metadata || typeof obj.metadata !== 'object') obj.metadata = {};
    if (this.info.namespaced) {
      if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
        throw ApiError.badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      obj.metadata.namespace = namespace;
    } else delete obj.metadata.namespace;
    return obj;
  }

  #validate(obj: ApiObject, errs: ReturnType<NonNullable<Strategy['validate']>>): void {
    if (errs.length > 0) throw ApiError.invalid(this.info.group, this.info.kind, obj.metadata.name ?? obj.metadata.generateName ?? '', errs);
  }
}

function encode(obj: ApiObject): string {
  const { resourceVersion: _rv, ...metadata } = obj.metadata;
  return JSON.stringify({ ...obj, metadata });
}

export function parseResourceVersion(rv: string): number {
  const n = Number(rv);
  if (!/^\d+$/.test(rv) || !Number.isSafeInteger(n)) throw ApiError.badRequest(`invalid resource version: ${rv}`);
  return n;
}

function allFinalizers(strategy: Strategy, obj: ApiObject): string[] {
  return [...(obj.metadata.finalizers ?? []), ...(strategy.extraFinalizers?.(obj) ?? [])];
}

function checkPreconditions(info: ResourceInfo, current: ApiObject, options: DeleteOptions): void {
  const p = options.preconditions;
  if (!p) return;
  const detail = { name: current.metadata.name, group: info.group || undefined, kind: info.plural };
  if (p.uid && p.uid !== current.metadata.uid) {
    throw new ApiError(409, 'Conflict', `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${current.metadata.uid}`, detail);
  }
  if (p.resourceVersion && p.resourceVersion !== current.metadata.resourceVersion) {
    throw new ApiError(409, 'Conflict', `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`, detail);
  }
}

/** Anything outside metadata and status counts as spec, as upstream's generation rules treat it. */
function specChanged(a: ApiObject, b: ApiObject): boolean {
  const strip = (o: ApiObject) => {
    const { metadata: _m, status: _s, ...rest } = o;
    return rest;
  };
  return !jsonEqual(strip(a), strip(b));
}

function sameExceptBookkeeping(a: ApiObject, b: ApiObject): boolean {
  const strip = (o: ApiObject) => ({ ...o, metadata: { ...o.metadata, resourceVersion: undefined, managedFields: undefined } });
  return jsonEqual(strip(a), strip(b));
}

/**
 * Records who wrote the object in managedFields. Upstream tracks the exact field set;
 * Portico records the manager, operation, API version and time, with the fields the
 * object has at its top levels, which is what `kubectl get --show-managed-fields` shows.
 */
function recordManager(obj: ApiObject, current: ApiObject | undefined, ctx: RequestContext, operation: 'Update' | 'Apply'): void {
  const manager = ctx.fieldManager;
  const previous = (current?.metadata.managedFields ?? obj.metadata.managedFields ?? []) as Array<Record<string, unknown>>;
  if (!manager) {
    if (previous.length > 0) obj.metadata.managedFields = previous;
    return;
  }
  const entry = {
    manager,
    operation,
    apiVersion: obj.apiVersion,
    time: timestamp(ctx.now),
    fieldsType: 'FieldsV1',
    fieldsV1: fieldSet(obj),
  };
  const others = previous.filter((m) => !(m.manager === manager && m.operation === operation));
  const same = previous.find((m) => m.manager === manager && m.operation === operation);
  if (same && current && sameExceptBookkeeping(obj, current)) {
    obj.metadata.managedFields = previous;
    return;
  }
  obj.metadata.managedFields = [...others, entry];
}

function fieldSet(obj: ApiObject): Record<string, unknown> {
  const set = (v: unknown, depth: number): Record<string, unknown> => {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || depth === 0) return {};
    const out: Record<string, unknown> = {};
    for (const [k, child] of Object.entries(v)) {
      if (k === 'managedFields' || k === 'resourceVersion' || k === 'uid' || k === 'creationTimestamp' || k === 'generation' || child === undefined) continue;
      out[`f:${k}`] = set(child, depth - 1);
    }
    return out;
  };
  const { apiVersion: _a, kind: _k, ...rest } = obj;
  return set(rest, 3);
}

export type { ObjectFilter };
