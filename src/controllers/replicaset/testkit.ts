// Test harness for the workload controllers: an in-process API server, the ReplicaSet and
// Deployment controllers under a ControllerManager over HTTP, and the fake kubelet (a Node
// plus Running/Ready status for the pods bound to it). Templates set spec.nodeName so pods
// land on the fake node without a scheduler.
import { ApiServer } from '../../apiserver/index.ts';
import { resources } from '../../api/resources.ts';
import { Informer, RestClient, type Obj, type ResourceClient } from '../../client/index.ts';
import { MemoryStore } from '../../storage/index.ts';
import { FakeKubelet, type FakeKubeletOptions } from '../../../test/e2e/fake-kubelet.ts';
import type { ControllerFactory } from '../controller.ts';
import { ControllerManager } from '../manager.ts';
import { eventually as poll } from '../../testing/index.ts';

export const nodeName = 'node-1';

export interface World {
  url: string;
  rest: RestClient;
  pods: ResourceClient;
  replicaSets: ResourceClient;
  deployments: ResourceClient;
  events: ResourceClient;
  kubelet: FakeKubelet;
  errors: string[];
  stop(): Promise<void>;
}

const client = (rest: RestClient, group: string, plural: string) => rest.resource(resources.find((r) => r.group === group && r.plural === plural)!);

export async function startWorld(factories: ControllerFactory[], kubeletOpts: FakeKubeletOptions = {}): Promise<World> {
  const store = new MemoryStore();
  const api = await ApiServer.start({ store, port: 0, host: '127.0.0.1', log: () => {} });
  const rest = new RestClient(api.url, 'controller-test');
  const kubelet = await FakeKubelet.start(api.url, nodeName, kubeletOpts);
  const errors: string[] = [];
  const manager = new ControllerManager(factories, { server: api.url, log: (msg, err) => errors.push(`${msg}: ${(err as Error)?.message ?? ''}`) });
  await manager.start();
  return {
    url: api.url,
    rest,
    pods: client(rest, '', 'pods'),
    replicaSets: client(rest, 'apps', 'replicasets'),
    deployments: client(rest, 'apps', 'deployments'),
    events: client(rest, '', 'events'),
    kubelet,
    errors,
    async stop() {
      manager.stop();
      await kubelet.stop();
      rest.close();
      await api.stop();
      await store.close();
    },
  };
}

/** Polls until `check` returns a truthy value; the last failure is in the error. */
export const eventually = <T>(check: () => Promise<T | undefined | false> | T | undefined | false, what = 'condition', ms = 15_000) => poll(check, ms, what, 25);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function podTemplate(labels: Record<string, string>, image = 'nginx', extra: Obj['spec'] = {}): Obj {
  return { metadata: { labels }, spec: { nodeName, containers: [{ name: 'nginx', image }], terminationGracePeriodSeconds: 1, ...extra } } as Obj;
}

export function replicaSet(name: string, replicas: number, labels: Record<string, string>, extra: Record<string, unknown> = {}): Obj {
  return { metadata: { name }, spec: { replicas, selector: { matchLabels: labels }, template: podTemplate(labels), ...extra } };
}

export function deployment(name: string, replicas: number, extra: Record<string, unknown> = {}, image = 'nginx'): Obj {
  const labels = { app: name };
  return { metadata: { name }, spec: { replicas, selector: { matchLabels: labels }, template: podTemplate(labels, image), ...extra } };
}

export const activePods = (pods: Obj[]) => pods.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
export const isReady = (p: Obj) => (p.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');

export async function listPods(w: World, labelSelector: string): Promise<Obj[]> {
  return (await w.pods.list('default', { labelSelector })).items;
}

/** An informer of its own, to look at every state the cluster passes through. */
export async function watchAll(w: World, group: string, plural: string, onChange: (all: Obj[]) => void): Promise<Informer> {
  const inf = new Informer(client(w.rest, group, plural));
  // The first list arrives one add at a time: only whole states count.
  let synced = false;
  const changed = () => synced && onChange(inf.list());
  inf.on({ add: changed, update: changed, delete: changed });
  await inf.start();
  synced = true;
  onChange(inf.list());
  return inf;
}

export async function eventMessages(w: World, involvedName: string): Promise<string[]> {
  const evs = (await w.events.list('default')).items.filter((e) => e.involvedObject?.name === involvedName);
  return evs.map((e) => `${e.reason}: ${e.message}`);
}
