// The scheduler (kube-scheduler's default profile, reduced): pods without a node, asking for
// the default scheduler, are placed one at a time on a node that passes the filters and
// scores best, and bound through pods/binding. A pod that fits nowhere gets
// PodScheduled=False/Unschedulable and a FailedScheduling event with upstream's message,
// and is tried again when nodes or pods change (after its back-off), or after a while anyway.
import { ApiError } from '../../api/errors.ts';
import { resources } from '../../api/resources.ts';
import { keyOf, WorkQueue, type EventRecorder, type Informer, type Obj, type ResourceClient } from '../../client/index.ts';
import type { Controller, ControllerContext, ControllerFactory } from '../controller.ts';
import { updateCondition, type Condition } from './conditions.ts';
import { runFilters, type NodeStatus } from './filters.ts';
import { noNodesAvailable, unschedulableMessage } from './fit-error.ts';
import { addPod, isTerminal, newNodeInfo, type NodeInfo } from './node-info.ts';
import { pickNode } from './scoring.ts';

export const defaultSchedulerName = 'default-scheduler';

export interface SchedulerOptions {
  /** Back-off after the first failed attempt, doubling per failure (upstream 1 s). */
  initialBackoffMs?: number;
  /** Upper bound of the back-off (upstream 10 s). */
  maxBackoffMs?: number;
  /** An unschedulable pod is retried after this long even if nothing changed (upstream 5 min). */
  unschedulableRetryMs?: number;
  /** A binding the informer has not confirmed after this long is forgotten. */
  assumedTtlMs?: number;
}

export function schedulerController(opts: SchedulerOptions = {}): ControllerFactory {
  return (ctx) => new Scheduler(ctx, opts);
}

interface Assumed {
  uid: string;
  pod: Obj;
  at: number;
}

export class Scheduler implements Controller {
  readonly name = 'scheduler';
  readonly #pods: Informer;
  readonly #nodes: Informer;
  readonly #podsClient: ResourceClient;
  readonly #queue: WorkQueue;
  readonly #recorder: EventRecorder;
  readonly #opts: Required<SchedulerOptions>;
  /** Pods bound by this scheduler that the pod informer does not show bound yet. */
  readonly #assumed = new Map<string, Assumed>();
  /** Pods whose last attempt failed: how often, and not to be tried before when. */
  readonly #unschedulable = new Map<string, { count: number; retryAt: number }>();
  /** The one pending timed retry per pod, so timers do not pile up across attempts. */
  readonly #wakeAt = new Map<string, number>();
  #started = false;

  constructor(ctx: ControllerContext, opts: SchedulerOptions) {
    this.#opts = { initialBackoffMs: 1000, maxBackoffMs: 10_000, unschedulableRetryMs: 300_000, assumedTtlMs: 30_000, ...opts };
    this.#pods = ctx.informers.for('', 'pods');
    this.#nodes = ctx.informers.for('', 'nodes');
    this.#podsClient = ctx.rest.resource(resources.find((r) => r.group === '' && r.plural === 'pods')!);
    this.#recorder = ctx.recorder(defaultSchedulerName);
    // One pod at a time (concurrency 1), as upstream's scheduleOne: each decision must see
    // the pods bound (assumed) by the decision before it.
    this.#queue = new WorkQueue((key) => this.sync(key), (key, err) => ctx.log(`scheduler: scheduling ${key}`, err), { concurrency: 1 });

    this.#pods.on({
      add: (pod) => {
        if (pod.spec?.nodeName) this.#assumed.delete(keyOf(pod));
        else if (this.#wants(pod)) this.#enqueue(keyOf(pod));
      },
      update: (old, pod) => {
        const key = keyOf(pod);
        if (pod.spec?.nodeName) {
          this.#assumed.delete(key);
          this.#unschedulable.delete(key);
          // A pod that finished leaves room on its node.
          if (!isTerminal(old) && isTerminal(pod)) this.#retryUnschedulable();
          return;
        }
        if (!this.#wants(pod)) return;
        // Our own status writes must not retry the pod; a resync or a real change does.
        const resync = old.metadata.resourceVersion === pod.metadata.resourceVersion;
        if (resync || !this.#unschedulable.has(key) || specChanged(old, pod)) this.#enqueue(key);
      },
      delete: (pod) => {
        const key = keyOf(pod);
        const wasAssumed = this.#assumed.delete(key);
        this.#unschedulable.delete(key);
        if (pod.spec?.nodeName || wasAssumed) this.#retryUnschedulable();
      },
    });
    this.#nodes.on({
      add: () => this.#retryUnschedulable(),
      update: (old, node) => {
        if (schedulingFacts(old) !== schedulingFacts(node)) this.#retryUnschedulable();
      },
    });
  }

  start(): void {
    this.#started = true;
    // Highest priority first, then oldest, as upstream's PrioritySort orders its queue.
    const pending = this.#pods.list().filter((p) => this.#wants(p));
    pending.sort((a, b) => (b.spec?.priority ?? 0) - (a.spec?.priority ?? 0) || String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
    for (const p of pending) this.#queue.add(keyOf(p));
  }

  stop(): void {
    this.#queue.stop();
  }

  /** Schedules one pod, if it still needs it, from the informers' view of the cluster. */
  async sync(key: string): Promise<void> {
    const [namespace, name] = key.split('/') as [string, string];
    const pod = this.#pods.get(namespace, name);
    if (!pod || !this.#wants(pod)) {
      if (!pod) this.#assumed.delete(key);
      this.#unschedulable.delete(key);
      this.#wakeAt.delete(key);
      return;
    }
    const backoff = this.#unschedulable.get(key);
    if (backoff && backoff.retryAt > Date.now()) {
      this.#retryAt(key, backoff.retryAt);
      return;
    }
    const nodes = this.#snapshot();
    if (nodes.length === 0) return this.#fail(key, pod, noNodesAvailable);
    const feasible: NodeInfo[] = [];
    const rejected: NodeStatus[] = [];
    for (const info of nodes) {
      const status = runFilters(pod, info);
      if (status) rejected.push(status);
      else feasible.push(info);
    }
    if (feasible.length === 0) return this.#fail(key, pod, unschedulableMessage(pod, rejected));
    await this.#bind(key, pod, pickNode(pod, feasible).node.metadata.name);
  }

  #enqueue(key: string): void {
    if (this.#started) this.#queue.add(key);
  }

  /** Tries the pod again at `at` (ms), unless a retry at or before then is already pending. */
  #retryAt(key: string, at: number): void {
    const now = Date.now();
    const pending = this.#wakeAt.get(key);
    if (pending !== undefined && pending > now && pending <= at) return;
    this.#wakeAt.set(key, at);
    this.#queue.addAfter(key, Math.max(0, at - now));
  }

  #retryUnschedulable(): void {
    for (const key of this.#unschedulable.keys()) this.#enqueue(key);
  }

  /** A pod this scheduler should place now. */
  #wants(pod: Obj): boolean {
    if (pod.spec?.nodeName || pod.metadata.deletionTimestamp || isTerminal(pod)) return false;
    if (this.#assumed.get(keyOf(pod))?.uid === pod.metadata.uid) return false;
    const scheduler = pod.spec?.schedulerName ?? '';
    if (scheduler !== '' && scheduler !== defaultSchedulerName) return false;
    // Gated pods wait until their gates are removed (upstream's SchedulingGates PreEnqueue).
    return (pod.spec?.schedulingGates ?? []).length === 0;
  }

  /** Every node with the pods on it, counting the pods bound here but not yet seen bound. */
  #snapshot(): NodeInfo[] {
    const infos = new Map<string, NodeInfo>();
    for (const node of [...this.#nodes.list()].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))) infos.set(node.metadata.name, newNodeInfo(node));
    const now = Date.now();
    for (const pod of this.#pods.list()) {
      if (isTerminal(pod)) continue;
      let placed = pod;
      if (!pod.spec?.nodeName) {
        const key = keyOf(pod);
        const assumed = this.#assumed.get(key);
        if (!assumed || assumed.uid !== pod.metadata.uid) continue;
        if (now - assumed.at > this.#opts.assumedTtlMs) {
          this.#assumed.delete(key);
          continue;
        }
        placed = assumed.pod;
      }
      const info = infos.get(placed.spec.nodeName);
      if (info) addPod(info, placed);
    }
    return [...infos.values()];
  }

  async #bind(key: string, pod: Obj, nodeName: string): Promise<void> {
    const { namespace, name, uid } = pod.metadata;
    try {
      // upstream DefaultBinder: the pod's uid makes the binding a precondition on this pod.
      await this.#podsClient.rest.call('POST', this.#podsClient.path(namespace, name, 'binding'), {
        body: { apiVersion: 'v1', kind: 'Binding', metadata: { namespace, name, uid }, target: { kind: 'Node', name: nodeName } },
      });
    } catch (e) {
      // Bound by someone else, being deleted, or gone: the informer will tell the rest.
      if (e instanceof ApiError && (e.reason === 'Conflict' || e.reason === 'NotFound')) return;
      throw e;
    }
    this.#assumed.set(key, { uid, pod: { ...pod, spec: { ...pod.spec, nodeName } }, at: Date.now() });
    this.#unschedulable.delete(key);
    this.#wakeAt.delete(key);
    // The binding itself sets PodScheduled=True (as upstream's BindingREST does).
    this.#recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${namespace}/${name} to ${nodeName}`);
  }

  async #fail(key: string, pod: Obj, message: string): Promise<void> {
    const count = (this.#unschedulable.get(key)?.count ?? 0) + 1;
    const backoff = Math.min(this.#opts.initialBackoffMs * 2 ** (count - 1), this.#opts.maxBackoffMs);
    this.#unschedulable.set(key, { count, retryAt: Date.now() + backoff });
    this.#retryAt(key, Date.now() + this.#opts.unschedulableRetryMs);
    this.#recorder.event(pod, 'Warning', 'FailedScheduling', message);
    await this.#setScheduledCondition(pod, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message });
  }

  /** updatePod: a strategic-merge status patch, only when the condition really changes. */
  async #setScheduledCondition(pod: Obj, wanted: Omit<Condition, 'lastTransitionTime'>): Promise<void> {
    const { conditions, changed } = updateCondition(pod.status?.conditions ?? [], wanted, new Date());
    if (!changed) return;
    const cond = conditions.find((c) => c.type === wanted.type)!;
    try {
      await this.#podsClient.patch(pod.metadata.namespace, pod.metadata.name, 'strategic', { metadata: { uid: pod.metadata.uid }, status: { conditions: [cond] } }, { subresource: 'status' });
    } catch (e) {
      if (e instanceof ApiError && (e.reason === 'NotFound' || e.reason === 'Conflict')) return;
      throw e;
    }
  }
}

/** Whether anything but status and bookkeeping changed (upstream's isPodUpdated). */
function specChanged(old: Obj, pod: Obj): boolean {
  const strip = (p: Obj) => {
    const { resourceVersion: _r, managedFields: _m, generation: _g, ...meta } = p.metadata;
    return JSON.stringify({ meta, spec: p.spec });
  };
  return strip(old) !== strip(pod);
}

/** The parts of a node that can change a scheduling decision (not heartbeats). */
function schedulingFacts(node: Obj): string {
  const conditions = ((node.status?.conditions ?? []) as Condition[]).map((c) => `${c.type}=${c.status}`);
  return JSON.stringify([node.metadata.labels, node.spec?.taints, node.spec?.unschedulable, node.status?.allocatable, node.status?.capacity, conditions]);
}

