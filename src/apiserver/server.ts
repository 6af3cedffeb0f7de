// The API server: registries over one Store, the HTTP router, and the internal loops that
// finish deletions (garbage collector, namespace finalizer). `start` returns once it listens
// and the default namespaces exist.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../api/errors.ts';
import { resources } from '../api/resources.ts';
import type { Store } from '../storage/index.ts';
import { ResourceHandler } from './http/resource-handler.ts';
import { createRouter } from './http/router.ts';
import { acceptUpgrades, NodeProxy } from './http/node-proxy.ts';
import { namespaceLifecycle } from './lifecycle/admission.ts';
import { GarbageCollector } from './lifecycle/garbage-collector.ts';
import { NamespaceFinalizer } from './lifecycle/namespace-finalizer.ts';
import { ObjectGraph } from './lifecycle/object-graph.ts';
import { Registries, systemContext } from './lifecycle/registries.ts';
import { patchMetaSource } from './patch-meta.ts';
import { ResourceStore } from './registry/resource-store.ts';
import { eventsV1Codec, strategyFor } from './strategies/index.ts';
import { ServiceAllocator } from './allocators/index.ts';
import { reconcileKubernetesService } from './lifecycle/kubernetes-service.ts';

export interface ApiServerOptions {
  store: Store;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  log?: (msg: string, err?: unknown) => void;
  watch?: Partial<{ maxQueuedEvents: number; minTimeoutSeconds: number; bookmarkIntervalMs: number }>;
  /** ClusterIP range (default 127.96.0.0/16, the loopback mode's). */
  serviceCIDR?: string;
  /** NodePort range, `a-b` or `a+n` (default 30000-32767). */
  nodePortRange?: string;
}

export const defaultNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export class ApiServer {
  readonly registries: Registries;
  readonly serviceAllocator: ServiceAllocator;
  readonly #http: Server;
  readonly #upgrades: { closeAll(): void };
  readonly #log: (msg: string, err?: unknown) => void;
  readonly #store: Store;
  readonly #graph = new ObjectGraph();
  readonly #gc: GarbageCollector;
  readonly #namespaces: NamespaceFinalizer;
  readonly #unready = new Set<string>(['apiserver']);
  #url = '';

  private constructor(opts: ApiServerOptions) {
    const log = opts.log ?? ((msg, err) => console.error(msg, err ?? ''));
    this.#log = log;
    this.#store = opts.store;
    this.serviceAllocator = new ServiceAllocator({ serviceCIDRs: opts.serviceCIDR, nodePortRange: opts.nodePortRange });
    const deleteEndpoints = async (namespace: string, name: string) => {
      try {
        await this.registries.byUrl('', 'v1', 'endpoints')!.delete(namespace, name, {}, systemContext());
      } catch (e) {
        if (!(e instanceof ApiError && e.reason === 'NotFound')) throw e;
      }
    };
    const admission = namespaceLifecycle(() => this.registries);
    const nodeExists = async (name: string) => {
      try {
        await this.registries.byUrl('', 'v1', 'nodes')!.get(undefined, name);
        return true;
      } catch (e) {
        if (e instanceof ApiError && e.reason === 'NotFound') return false;
        throw e;
      }
    };
    this.registries = new Registries(
      resources.map(
        (info) =>
          new ResourceStore({
            info,
            strategy: strategyFor(info, { nodeExists, allocator: this.serviceAllocator, deleteEndpoints }),
            store: opts.store,
            admission,
            codec: info.group === 'events.k8s.io' ? eventsV1Codec : undefined,
          }),
      ),
    );
    this.#gc = new GarbageCollector(this.#graph, this.registries, log);
    this.#namespaces = new NamespaceFinalizer(this.#graph, this.registries, log);
    const handler = new ResourceHandler({
      now: () => new Date(),
      patchMeta: patchMetaSource(),
      watch: { maxQueuedEvents: 10_000, minTimeoutSeconds: 1800, bookmarkIntervalMs: 60_000, ...opts.watch },
      currentRevision: () => this.#store.currentRevision(),
      nodeProxy: new NodeProxy({ getNode: (name) => this.registries.byUrl('', 'v1', 'nodes')!.get(undefined, name) }),
    });
    const router = createRouter({
      resources: handler,
      lookup: (g, v, p) => this.registries.byUrl(g, v, p),
      unready: () => [...this.#unready],
      serverAddress: () => new URL(this.#url).host,
      log,
    });
    this.#http = createServer({ keepAlive: true, requestTimeout: 0 }, router);
    // exec arrives as an upgrade (WebSocket, or SPDY from older clients).
    this.#upgrades = acceptUpgrades(this.#http, router);
  }

  static async start(opts: ApiServerOptions): Promise<ApiServer> {
    const server = new ApiServer(opts);
    await server.#bootstrap();
    await new Promise<void>((resolve, reject) => {
      server.#http.once('error', reject);
      server.#http.listen(opts.port ?? 6443, opts.host ?? '127.0.0.1', () => resolve());
    });
    const addr = server.#http.address() as AddressInfo;
    const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    server.#url = `http://${host}:${addr.port}`;
    // Listening on every address: the cluster reaches the server on loopback.
    const reachable = addr.address === '0.0.0.0' ? '127.0.0.1' : addr.address === '::' ? '::1' : addr.address;
    await reconcileKubernetesService(server.registries, server.serviceAllocator.kubernetesServiceIP(), { address: reachable, port: addr.port });
    server.#unready.delete('apiserver');
    return server;
  }

  get url(): string {
    return this.#url;
  }

  get httpServer(): Server {
    return this.#http;
  }

  /** Components that run beside the server report readiness here; /readyz waits for all. */
  pending(component: string): () => void {
    this.#unready.add(component);
    return () => this.#unready.delete(component);
  }

  /** True when the internal controllers have nothing queued (for tests). */
  get settled(): boolean {
    return this.#gc.idle && this.#namespaces.idle;
  }

  async #bootstrap(): Promise<void> {
    await this.#graph.start(this.#store);
    // Every address and port already handed out is taken again before anything new is.
    const services = await this.registries.byUrl('', 'v1', 'services')!.list(undefined, {});
    for (const issue of this.serviceAllocator.rebuild(services.items as never)) this.#log(`service allocation: ${issue.namespace}/${issue.name}: ${issue.message}`);
    const namespaces = this.registries.byUrl('', 'v1', 'namespaces')!;
    for (const name of defaultNamespaces) {
      try {
        await namespaces.create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, systemContext());
      } catch (e) {
        if (!(e instanceof ApiError && e.reason === 'AlreadyExists')) throw e;
      }
    }
  }

  async stop(): Promise<void> {
    this.#gc.stop();
    this.#namespaces.stop();
    this.#graph.stop();
    this.#http.closeAllConnections();
    this.#upgrades.closeAll();
    await new Promise<void>((resolve) => this.#http.close(() => resolve()));
  }
}
