// Helpers for the scheduler and node lifecycle tests: an in-process API server with a
// controller manager running only the controllers under test, and builders for fake Nodes.
import { resources } from '../../api/resources.ts';
import { ApiServer } from '../../apiserver/index.ts';
import { RestClient, type Obj, type ResourceClient } from '../../client/index.ts';
import { MemoryStore } from '../../storage/index.ts';
import type { ControllerFactory } from '../controller.ts';
import { ControllerManager } from '../manager.ts';
import { eventually as poll } from '../../testing/index.ts';

export interface Env {
  url: string;
  rest: RestClient;
  pods: ResourceClient;
  nodes: ResourceClient;
  events: ResourceClient;
  leases: ResourceClient;
  stop(): Promise<void>;
}

const client = (rest: RestClient, group: string, plural: string) => rest.resource(resources.find((r) => r.group === group && r.plural === plural)!);

/** Starts a server; the controllers start with `manager` (so tests can create objects first). */
export async function startEnv(): Promise<Env & { manager(factories: ControllerFactory[]): Promise<void> }> {
  const store = new MemoryStore();
  const api = await ApiServer.start({ store, port: 0, host: '127.0.0.1', log: () => {} });
  const rest = new RestClient(api.url, 'test');
  let manager: ControllerManager | undefined;
  return {
    url: api.url,
    rest,
    pods: client(rest, '', 'pods'),
    nodes: client(rest, '', 'nodes'),
    events: client(rest, '', 'events'),
    leases: client(rest, 'coordination.k8s.io', 'leases'),
    async manager(factories) {
      manager = new ControllerManager(factories, { server: api.url, log: () => {} });
      await manager.start();
    },
    async stop() {
      manager?.stop();
      rest.close();
      await api.stop();
      await store.close();
    },
  };
}

export interface NodeSpec {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Array<Record<string, unknown>>;
  unschedulable?: boolean;
  /** The Ready condition's status; undefined for no conditions at all. Default 'True'. */
  ready?: string | null;
}

export const rfc3339 = (d = new Date()) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function readyCondition(status: string, now = rfc3339()) {
  return { type: 'Ready', status, reason: status === 'True' ? 'KubeletReady' : 'KubeletNotReady', message: 'kubelet says so', lastHeartbeatTime: now, lastTransitionTime: now };
}

/** Creates a Node with allocatable resources and a Ready condition, as a kubelet would register. */
export async function createNode(env: Env, name: string, spec: NodeSpec = {}): Promise<Obj> {
  await env.nodes.create(undefined, {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...spec.labels } },
    spec: { ...(spec.taints ? { taints: spec.taints } : {}), ...(spec.unschedulable ? { unschedulable: true } : {}) },
  });
  const allocatable = { cpu: spec.cpu ?? '4', memory: spec.memory ?? '8Gi', pods: spec.pods ?? '110' };
  const ready = spec.ready === undefined ? 'True' : spec.ready;
  return env.nodes.patch(undefined, name, 'merge', { status: { capacity: allocatable, allocatable, conditions: ready === null ? [] : [readyCondition(ready)] } }, { subresource: 'status' });
}

export function podSpec(name: string, extra: { cpu?: string; memory?: string; spec?: Record<string, unknown>; owner?: Obj; labels?: Record<string, string> } = {}): Obj {
  const requests: Record<string, string> = {};
  if (extra.cpu) requests.cpu = extra.cpu;
  if (extra.memory) requests.memory = extra.memory;
  return {
    metadata: {
      name,
      ...(extra.labels ? { labels: extra.labels } : {}),
      ...(extra.owner ? { ownerReferences: [{ apiVersion: extra.owner.apiVersion, kind: extra.owner.kind, name: extra.owner.metadata.name, uid: extra.owner.metadata.uid, controller: true }] } : {}),
    },
    spec: { containers: [{ name: 'c', image: 'nginx', resources: Object.keys(requests).length ? { requests } : {} }], ...extra.spec },
  };
}

/** Polls until `check` returns something truthy; fails after `ms`. */
export const until = <T>(check: () => Promise<T | undefined | false | null>, ms = 5000, what = 'condition') => poll(check, ms, what);

/** The events about one object, newest last. */
export async function eventsFor(env: Env, namespace: string, name: string): Promise<Obj[]> {
  const list = await env.events.list(namespace, { fieldSelector: `involvedObject.name=${name}` });
  return list.items;
}
