// Test helpers for the endpoint controllers: an in-process API server, a ControllerManager
// running the given controllers over HTTP, a fake kubelet on node-1, clients, builders.
import { resources } from '../../api/resources.ts';
import { ApiServer } from '../../apiserver/index.ts';
import { RestClient, type Obj, type ResourceClient } from '../../client/index.ts';
import { MemoryStore } from '../../storage/index.ts';
import { FakeKubelet, type FakeKubeletOptions } from '../../../test/e2e/fake-kubelet.ts';
import type { ControllerFactory } from '../controller.ts';
import { ControllerManager } from '../manager.ts';

const info = (group: string, plural: string) => resources.find((r) => r.group === group && r.plural === plural)!;

export interface Env {
  url: string;
  kubelet: FakeKubelet;
  pods: ResourceClient;
  services: ResourceClient;
  slices: ResourceClient;
  endpoints: ResourceClient;
  events: ResourceClient;
  nodes: ResourceClient;
  manager: ControllerManager;
  /** Starts (another) manager with these controllers, stopped with the env. */
  startManager(factories: ControllerFactory[]): Promise<ControllerManager>;
  stop(): Promise<void>;
}

export async function startEnv(factories: ControllerFactory[], kubeletOpts: FakeKubeletOptions = {}): Promise<Env> {
  const store = new MemoryStore();
  const api = await ApiServer.start({ store, port: 0, host: '127.0.0.1', log: () => {} });
  const rest = new RestClient(api.url);
  const kubelet = await FakeKubelet.start(api.url, 'node-1', kubeletOpts);
  const managers: ControllerManager[] = [];
  const startManager = async (fs: ControllerFactory[]) => {
    const m = new ControllerManager(fs, { server: api.url, log: () => {} });
    managers.push(m);
    await m.start();
    return m;
  };
  const manager = await startManager(factories);
  return {
    url: api.url,
    kubelet,
    pods: rest.resource(info('', 'pods')),
    services: rest.resource(info('', 'services')),
    slices: rest.resource(info('discovery.k8s.io', 'endpointslices')),
    endpoints: rest.resource(info('', 'endpoints')),
    events: rest.resource(info('', 'events')),
    nodes: rest.resource(info('', 'nodes')),
    manager,
    startManager,
    async stop() {
      for (const m of managers) m.stop();
      await kubelet.stop();
      rest.close();
      await api.stop();
      await store.close();
    },
  };
}

/** Polls until `check` returns a truthy value (its last error is reported on timeout). */
export { eventually } from '../../testing/index.ts';

export interface PodOptions {
  node?: string | null;
  ports?: Array<{ name?: string; containerPort: number; protocol?: string }>;
  hostname?: string;
  subdomain?: string;
  namespace?: string;
}

export function podSpec(name: string, labels: Record<string, string>, o: PodOptions = {}): Obj {
  return {
    metadata: { name, labels, namespace: o.namespace ?? 'default' },
    spec: {
      ...(o.node === null ? {} : { nodeName: o.node ?? 'node-1' }),
      ...(o.hostname ? { hostname: o.hostname } : {}),
      ...(o.subdomain ? { subdomain: o.subdomain } : {}),
      containers: [{ name: 'app', image: 'nginx', ...(o.ports ? { ports: o.ports } : {}) }],
    },
  };
}

export function serviceSpec(name: string, selector: Record<string, string> | undefined, ports: Array<Record<string, unknown>> = [{ port: 80, targetPort: 8080 }], extra: Record<string, unknown> = {}): Obj {
  return { metadata: { name, namespace: 'default' }, spec: { ...(selector ? { selector } : {}), ports, ...extra } };
}

/** The managed slices of a Service, as listed from the API. */
export async function slicesOf(env: Env, service: string, managedBy = 'endpointslice-controller.k8s.io', namespace = 'default'): Promise<Obj[]> {
  const list = await env.slices.list(namespace, { labelSelector: `kubernetes.io/service-name=${service},endpointslice.kubernetes.io/managed-by=${managedBy}` });
  return list.items;
}

/** Every endpoint of the given slices as "ip ready/serving/terminating [ports]" strings, sorted. */
export function endpointSummary(slices: Obj[]): string[] {
  const out: string[] = [];
  for (const s of slices) {
    const ports = ((s.ports ?? []) as Array<{ name?: string; port: number }>).map((p) => `${p.name ?? ''}:${p.port}`).sort().join(',');
    for (const ep of s.endpoints ?? []) {
      const c = ep.conditions ?? {};
      out.push(`${ep.targetRef?.name ?? ep.addresses[0]} ${ep.addresses.join('|')} r=${c.ready} s=${c.serving} t=${c.terminating} [${ports}]`);
    }
  }
  return out.sort();
}
