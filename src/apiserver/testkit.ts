// Shared helpers for the API server's in-process HTTP tests: a server on a free port over a
// MemoryStore, a small fetch client that returns status, headers and parsed body, a watch
// reader for newline-delimited JSON streams, and builders for the objects the tests use.
import { after, before } from 'node:test';
import { MemoryStore, type MemoryStoreOptions } from '../storage/index.ts';
import { ApiServer, type ApiServerOptions } from './server.ts';
import { eventually as poll } from '../testing/index.ts';

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface TestServer {
  api: ApiServer;
  store: MemoryStore;
  url: string;
  stop(): Promise<void>;
}

export async function startServer(opts: { store?: MemoryStoreOptions; watch?: ApiServerOptions['watch'] } = {}): Promise<TestServer> {
  const store = new MemoryStore(opts.store);
  const api = await ApiServer.start({ store, port: 0, host: '127.0.0.1', watch: opts.watch, log: () => {} });
  return {
    api,
    store,
    url: api.url,
    async stop() {
      await api.stop();
      await store.close();
    },
  };
}

/**
 * Starts one server for the enclosing describe (or file) and stops it afterwards.
 * The returned object is filled in by `before`, so read it inside tests only.
 */
export function useServer(opts: Parameters<typeof startServer>[0] = {}): { server: TestServer; client: Client } {
  const holder = {} as { server: TestServer; client: Client };
  before(async () => {
    holder.server = await startServer(opts);
    holder.client = new Client(holder.server.url);
  });
  after(async () => {
    await holder.server?.stop();
  });
  return holder;
}

export const jsonAccept = 'application/json';
export const tableAccept = 'application/json;as=Table;v=v1;g=meta.k8s.io';

export interface RequestOptions {
  body?: unknown;
  /** Raw body, sent as is (strings and buffers). */
  raw?: string | Buffer;
  contentType?: string;
  accept?: string;
  headers?: Record<string, string>;
}

export class Client {
  readonly base: string;
  constructor(base: string) {
    this.base = base;
  }

  async request<T = any>(method: string, path: string, opts: RequestOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { Accept: opts.accept ?? jsonAccept, ...opts.headers };
    let body: string | Buffer | undefined;
    if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
    const res = await fetch(this.base + path, { method, headers, body: body as string | Uint8Array<ArrayBuffer> | undefined });
    const text = await res.text();
    let parsed: any = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  get<T = any>(path: string, opts?: RequestOptions) {
    return this.request<T>('GET', path, opts);
  }
  post<T = any>(path: string, body: unknown, opts: RequestOptions = {}) {
    return this.request<T>('POST', path, { ...opts, body });
  }
  put<T = any>(path: string, body: unknown, opts: RequestOptions = {}) {
    return this.request<T>('PUT', path, { ...opts, body });
  }
  patch<T = any>(path: string, body: unknown, contentType: string, opts: RequestOptions = {}) {
    return this.request<T>('PATCH', path, { ...opts, body, contentType });
  }
  delete<T = any>(path: string, body?: unknown, opts: RequestOptions = {}) {
    return this.request<T>('DELETE', path, { ...opts, body });
  }

  /** Creates and asserts success, returning the stored object. */
  async create<T = any>(path: string, body: unknown): Promise<T> {
    const r = await this.post<T>(path, body);
    if (r.status !== 201) throw new Error(`create ${path} answered ${r.status}: ${r.text}`);
    return r.body;
  }

  watch(path: string, opts: { accept?: string } = {}): WatchReader {
    return new WatchReader(this.base + path, opts.accept ?? jsonAccept);
  }
}

export interface WatchEvent<T = any> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

/** Reads a watch stream event by event; `next` waits for the next one (or the end). */
export class WatchReader {
  readonly status: Promise<number>;
  readonly headers: Promise<Headers>;
  readonly #abort = new AbortController();
  readonly #events: WatchEvent[] = [];
  readonly #waiters: Array<() => void> = [];
  #ended = false;
  #errorBody = '';

  constructor(url: string, accept: string) {
    const res = fetch(url, { headers: { Accept: accept }, signal: this.#abort.signal });
    this.status = res.then((r) => r.status);
    this.headers = res.then((r) => r.headers);
    void res.then(
      (r) => this.#pump(r),
      () => this.#end(),
    );
  }

  async #pump(res: Response): Promise<void> {
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (line.trim()) this.#push(JSON.parse(line));
        }
      }
      if (buf.trim()) {
        if (res.status === 200) this.#push(JSON.parse(buf));
        else this.#errorBody = buf;
      }
    } catch {
      // aborted or reset: the stream just ends
    }
    this.#end();
  }

  #push(e: WatchEvent): void {
    this.#events.push(e);
    this.#wake();
  }

  #end(): void {
    this.#ended = true;
    this.#wake();
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }

  /** The body of a non-200 answer (a Status), once the stream has ended. */
  get errorBody(): any {
    return this.#errorBody ? JSON.parse(this.#errorBody) : undefined;
  }

  get ended(): boolean {
    return this.#ended && this.#events.length === 0;
  }

  /** The next event, or undefined when the stream ends first. Fails after `ms`. */
  async next(ms = 2000): Promise<WatchEvent | undefined> {
    const deadline = Date.now() + ms;
    while (this.#events.length === 0) {
      if (this.#ended) return undefined;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no watch event within ${ms} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.#events.shift();
  }

  /** Takes `n` events, skipping BOOKMARKs unless asked to keep them. */
  async take(n: number, opts: { ms?: number; bookmarks?: boolean } = {}): Promise<WatchEvent[]> {
    const out: WatchEvent[] = [];
    while (out.length < n) {
      const e = await this.next(opts.ms ?? 2000);
      if (!e) throw new Error(`watch ended after ${out.length} of ${n} events: ${JSON.stringify(out)}`);
      if (e.type === 'BOOKMARK' && !opts.bookmarks) continue;
      out.push(e);
    }
    return out;
  }

  /** Asserts that nothing but bookmarks arrives for `ms`. */
  async quiet(ms = 200): Promise<WatchEvent[]> {
    const seen: WatchEvent[] = [];
    const deadline = Date.now() + ms;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      try {
        const e = await this.next(left);
        if (!e) break;
        if (e.type !== 'BOOKMARK') seen.push(e);
      } catch {
        break;
      }
    }
    return seen;
  }

  /** Waits for the server to end the stream; events still queued are returned. */
  async waitEnd(ms = 5000): Promise<WatchEvent[]> {
    const rest: WatchEvent[] = [];
    for (;;) {
      const e = await this.next(ms);
      if (!e) return rest;
      rest.push(e);
    }
  }

  close(): void {
    this.#abort.abort();
  }
}

/** Polls `check` until it returns a truthy value, or fails after `ms`. */
export const eventually = <T>(check: () => Promise<T | undefined | false>, ms = 3000, what = 'condition') => poll(check, ms, what);

let counter = 0;
/** A name unique within the test process, so tests sharing a server do not collide. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${(++counter).toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}

// ---- object builders

export function service(name: string, extra: { labels?: Record<string, string>; namespace?: string; ports?: Array<Record<string, unknown>>; spec?: Record<string, unknown> } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, ...(extra.namespace ? { namespace: extra.namespace } : {}), ...(extra.labels ? { labels: extra.labels } : {}) },
    spec: { selector: { app: name }, ports: extra.ports ?? [{ name: 'http', port: 80, targetPort: 8080 }], ...extra.spec },
  };
}

export function pod(name: string, extra: { labels?: Record<string, string>; nodeName?: string; ownerReferences?: unknown[]; finalizers?: string[] } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      ...(extra.labels ? { labels: extra.labels } : {}),
      ...(extra.ownerReferences ? { ownerReferences: extra.ownerReferences } : {}),
      ...(extra.finalizers ? { finalizers: extra.finalizers } : {}),
    },
    spec: { containers: [{ name: 'web', image: 'nginx' }], ...(extra.nodeName ? { nodeName: extra.nodeName } : {}) },
  };
}

export function deployment(name: string, extra: { replicas?: number; image?: string } = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: extra.replicas ?? 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: extra.image ?? 'nginx' }] } },
    },
  };
}

export function replicaSet(name: string, extra: { ownerReferences?: unknown[]; labels?: Record<string, string> } = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, ...(extra.labels ? { labels: extra.labels } : {}), ...(extra.ownerReferences ? { ownerReferences: extra.ownerReferences } : {}) },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
    },
  };
}

export function ownerRef(owner: { apiVersion: string; kind: string; metadata: { name: string; uid: string } }, opts: { controller?: boolean; blockOwnerDeletion?: boolean } = {}) {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, ...opts };
}

const tail = (name?: string, subresource?: string) => `${name ? `/${name}` : ''}${subresource ? `/${subresource}` : ''}`;
export const ns = (namespace: string, resource: string, name?: string, subresource?: string) => `/api/v1/namespaces/${namespace}/${resource}${tail(name, subresource)}`;
export const appsNs = (namespace: string, resource: string, name?: string, subresource?: string) => `/apis/apps/v1/namespaces/${namespace}/${resource}${tail(name, subresource)}`;

/** Creates a namespace for one test group, so lists see only their own objects. */
export async function namespace(client: Client, prefix = 'ns'): Promise<string> {
  const name = uniqueName(prefix);
  await client.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}
