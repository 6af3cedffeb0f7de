// A REST client for the Kubernetes API over node:http (keep-alive, no idle timeout on
// watches). Failures come back as the ApiError the server's Status describes, so callers
// branch on `reason` exactly as they would inside the server.
import { Agent, request, type IncomingMessage } from 'node:http';
import { ApiError, type Status } from '../api/errors.ts';
import { apiVersionOf, type ResourceInfo } from '../api/resources.ts';

export type Obj = Record<string, any> & { metadata: Record<string, any> };

export interface ListResult<T = Obj> {
  items: T[];
  metadata: { resourceVersion: string; continue?: string };
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
}

export class RestClient {
  readonly base: URL;
  readonly userAgent: string;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 64 });

  constructor(baseUrl: string, userAgent = 'portico') {
    this.base = new URL(baseUrl);
    this.userAgent = userAgent;
  }

  resource(info: Pick<ResourceInfo, 'group' | 'version' | 'plural' | 'namespaced' | 'kind'>): ResourceClient {
    return new ResourceClient(this, info);
  }

  /** Sends a request and resolves with the raw response (for streams). */
  open(method: string, path: string, opts: RequestOptions = {}): Promise<IncomingMessage> {
    const url = new URL(path, this.base);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    return new Promise((resolve, reject) => {
      const req = request(url, {
        method,
        agent: this.#agent,
        headers: {
          Accept: 'application/json',
          'User-Agent': this.userAgent,
          ...(body !== undefined ? { 'Content-Type': opts.contentType ?? 'application/json', 'Content-Length': Buffer.byteLength(body) } : {}),
        },
      });
      req.on('response', resolve);
      req.on('error', reject);
      req.end(body);
    });
  }

  async call<T = any>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.open(method, path, opts);
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return (text ? JSON.parse(text) : undefined) as T;
    throw errorFromResponse(status, text);
  }

  close(): void {
    this.#agent.destroy();
  }
}

export function errorFromResponse(code: number, text: string): ApiError {
  try {
    const s = JSON.parse(text) as Status;
    if (s.kind === 'Status') return new ApiError(s.code || code, s.reason ?? '', s.message ?? text, s.details);
  } catch {
    /* not a Status */
  }
  return new ApiError(code, code === 404 ? 'NotFound' : '', text || `HTTP ${code}`);
}

export type PatchType = 'merge' | 'strategic' | 'json' | 'apply';
const patchContentTypes: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
};

/** The verbs on one resource. `namespace` is ignored for cluster-scoped resources. */
export class ResourceClient<T extends Obj = Obj> {
  readonly rest: RestClient;
  readonly info: Pick<ResourceInfo, 'group' | 'version' | 'plural' | 'namespaced' | 'kind'>;

  constructor(rest: RestClient, info: ResourceClient['info']) {
    this.rest = rest;
    this.info = info;
  }

  path(namespace?: string, name?: string, subresource?: string): string {
    const root = this.info.group ? `/apis/${this.info.group}/${this.info.version}` : `/api/${this.info.version}`;
    const ns = this.info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    return `${root}${ns}/${this.info.plural}${name ? `/${encodeURIComponent(name)}` : ''}${subresource ? `/${subresource}` : ''}`;
  }

  withTypeMeta(obj: Obj): T {
    return { apiVersion: apiVersionOf(this.info), kind: this.info.kind, ...obj } as unknown as T;
  }

  list(namespace?: string, query: RequestOptions['query'] = {}): Promise<ListResult<T>> {
    return this.rest.call('GET', this.path(namespace), { query });
  }

  get(namespace: string | undefined, name: string): Promise<T> {
    return this.rest.call('GET', this.path(namespace, name));
  }

  create(namespace: string | undefined, obj: Obj, fieldManager?: string): Promise<T> {
    return this.rest.call('POST', this.path(namespace), { body: this.withTypeMeta(obj), query: { fieldManager } });
  }

  update(namespace: string | undefined, obj: Obj, fieldManager?: string): Promise<T> {
    return this.rest.call('PUT', this.path(namespace, obj.metadata.name), { body: this.withTypeMeta(obj), query: { fieldManager } });
  }

  updateStatus(namespace: string | undefined, obj: Obj, fieldManager?: string): Promise<T> {
    return this.rest.call('PUT', this.path(namespace, obj.metadata.name, 'status'), { body: this.withTypeMeta(obj), query: { fieldManager } });
  }

  patch(namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts: { subresource?: string; fieldManager?: string } = {}): Promise<T> {
    return this.rest.call('PATCH', this.path(namespace, name, opts.subresource), { body: patch, contentType: patchContentTypes[type], query: { fieldManager: opts.fieldManager } });
  }

  delete(namespace: string | undefined, name: string, options: Record<string, unknown> = {}): Promise<unknown> {
    return this.rest.call('DELETE', this.path(namespace, name), { body: options });
  }
}
