// The node lifecycle controller (upstream NodeLifecycleController with the taint eviction
// controller): a node whose kubelet stops renewing its Lease and posting status within the
// grace period gets Ready=Unknown; conditions become taints (not-ready / unreachable,
// NoSchedule and NoExecute); pods on an unreachable node are marked not Ready so they
// leave the endpoints; pods that do not tolerate a node's NoExecute taints (for longer
// than their tolerationSeconds) are deleted, so their controllers replace them elsewhere.
import { ApiError } from '../../api/errors.ts';
import { resources } from '../../api/resources.ts';
import { keyOf, WorkQueue, type EventRecorder, type Informer, type Obj, type ResourceClient } from '../../client/index.ts';
import type { Controller, ControllerContext, ControllerFactory } from '../controller.ts';
import { matchingTolerations, rfc3339, updateCondition, type Taint, type Toleration } from '../scheduler/index.ts';
import { conditionStatus, desiredTaints, reconcileTaints } from './taints.ts';

export const nodeLeaseNamespace = 'kube-node-lease';

export interface NodeLifecycleOptions {
  /** How long a node may go without a Lease renewal or status update (upstream 40 s). */
  gracePeriodMs?: number;
  /** The same for a node that never posted Ready (upstream node-startup-grace-period 60 s). */
  startupGracePeriodMs?: number;
  /** How often every node is checked (upstream node-monitor-period 5 s). */
  monitorPeriodMs?: number;
}

/**
 * The defaults, which `portico up` may shorten through PORTICO_NODE_MONITOR_GRACE_PERIOD
 * (seconds), as kube-controller-manager's --node-monitor-grace-period does.
 */
export function defaultNodeLifecycleOptions(env: Record<string, string | undefined> = process.env): Required<NodeLifecycleOptions> {
  const grace = Number(env.PORTICO_NODE_MONITOR_GRACE_PERIOD);
  const gracePeriodMs = Number.isFinite(grace) && grace > 0 ? grace * 1000 : 40_000;
  // Startup grace stays 1.5x the grace period and the monitor period 1/8 of it, as upstream's 60/40/5 s.
  return { gracePeriodMs, startupGracePeriodMs: gracePeriodMs * 1.5, monitorPeriodMs: Math.min(5000, Math.max(100, gracePeriodMs / 8)) };
}

export function nodeLifecycleController(opts: NodeLifecycleOptions = {}): ControllerFactory {
  return (ctx) => new NodeLifecycleController(ctx, { ...defaultNodeLifecycleOptions(), ...opts });
}

/** What the controller last saw of a node's signs of life (upstream nodeHealthData). */
interface Health {
  /** When (controller clock) the kubelet last showed life. */
  probeAt: number;
  hasReady: boolean;
  heartbeat: string | undefined;
  leaseRenew: string | undefined;
}

export class NodeLifecycleController implements Controller {
  readonly name = 'node-lifecycle';
  readonly #nodes: Informer;
  readonly #leases: Informer;
  readonly #pods: Informer;
  readonly #nodesClient: ResourceClient;
  readonly #podsClient: ResourceClient;
  readonly #queue: WorkQueue;
  readonly #recorder: EventRecorder;
  readonly #evictionRecorder: EventRecorder;
  readonly #opts: Required<NodeLifecycleOptions>;
  readonly #health = new Map<string, Health>();
  /** The one pending re-check per node, so timers do not pile up across syncs. */
  readonly #wakeAt = new Map<string, number>();
  #started = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(ctx: ControllerContext, opts: Required<NodeLifecycleOptions>) {
    this.#opts = opts;
    this.#nodes = ctx.informers.for('', 'nodes');
    this.#leases = ctx.informers.for('coordination.k8s.io', 'leases');
    this.#pods = ctx.informers.for('', 'pods');
    const core = (plural: string) => ctx.rest.resource(resources.find((r) => r.group === '' && r.plural === plural)!);
    this.#nodesClient = core('nodes');
    this.#podsClient = core('pods');
    this.#recorder = ctx.recorder('node-controller');
    this.#evictionRecorder = ctx.recorder('taint-eviction-controller');
    this.#queue = new WorkQueue((name) => this.sync(name), (name, err) => ctx.log(`node-lifecycle: node ${name}`, err));

    const node = (o: Obj) => this.#enqueue(o.metadata.name);
    this.#nodes.on({ add: node, update: (_, o) => node(o), delete: node });
    const lease = (o: Obj) => {
      if (o.metadata.namespace === nodeLeaseNamespace) this.#enqueue(o.metadata.name);
    };
    this.#leases.on({ add: lease, update: (_, o) => lease(o) });
    // A pod arriving on (or changing on) a tainted or unreachable node needs looking at.
    const pod = (o: Obj) => {
      if (o.spec?.nodeName) this.#enqueue(o.spec.nodeName);
    };
    this.#pods.on({ add: pod, update: (_, o) => pod(o) });
  }

  start(): void {
    this.#started = true;
    const all = () => {
      for (const n of this.#nodes.list()) this.#queue.add(n.metadata.name);
    };
    all();
    this.#timer = setInterval(all, this.#opts.monitorPeriodMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#queue.stop();
  }

  #enqueue(name: string): void {
    if (this.#started) this.#queue.add(name);
  }

  /** Looks at the node again at `at` (ms), unless a check at or before then is already due. */
  #checkAt(name: string, at: number): void {
    const now = Date.now();
    const pending = this.#wakeAt.get(name);
    if (pending !== undefined && pending > now && pending <= at) return;
    this.#wakeAt.set(name, at);
    this.#queue.addAfter(name, Math.max(0, at - now) + 1);
  }

  async sync(name: string): Promise<void> {
    let node = this.#nodes.get(undefined, name);
    if (!node) {
      this.#health.delete(name);
      this.#wakeAt.delete(name);
      return;
    }
    node = await this.#updateHealth(node);
    node = await this.#updateTaints(node);
    if (conditionStatus(node, 'Ready') === 'Unknown') await this.#markPodsNotReady(node);
    await this.#evictPods(node);
  }

  /** tryUpdateNodeHealth: Ready (and the pressure conditions) go Unknown once the node is silent too long. */
  async #updateHealth(node: Obj): Promise<Obj> {
    const name = node.metadata.name as string;
    const now = Date.now();
    const ready = readyCondition(node);
    let h = this.#health.get(name);
    if (!h) {
      h = { probeAt: Date.parse(node.metadata.creationTimestamp) || now, hasReady: !!ready, heartbeat: ready?.lastHeartbeatTime, leaseRenew: undefined };
    } else if (h.hasReady !== !!ready || (ready && ready.lastHeartbeatTime !== h.heartbeat)) {
      h = { ...h, probeAt: now, hasReady: !!ready, heartbeat: ready?.lastHeartbeatTime };
    }
    const renew = this.#leases.get(nodeLeaseNamespace, name)?.spec?.renewTime as string | undefined;
    if (renew && renew !== h.leaseRenew && (!h.leaseRenew || micros(renew) > micros(h.leaseRenew))) h = { ...h, leaseRenew: renew, probeAt: now };
    this.#health.set(name, h);

    const grace = ready ? this.#opts.gracePeriodMs : this.#opts.startupGracePeriodMs;
    const due = h.probeAt + grace;
    if (now <= due) {
      this.#checkAt(name, due);
      return node;
    }
    const wasReady = ready?.status === 'True';
    const updated = markUnknown(node, new Date(now));
    if (!updated) return node;
    const written = await this.#nodesClient.updateStatus(undefined, updated);
    // Our own write keeps lastHeartbeatTime, so it is not mistaken for a sign of life.
    const after = readyCondition(written);
    this.#health.set(name, { ...h, hasReady: !!after, heartbeat: after?.lastHeartbeatTime });
    if (wasReady) this.#recorder.event(written, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
    return written;
  }

  async #updateTaints(node: Obj): Promise<Obj> {
    const taints = reconcileTaints((node.spec?.taints ?? []) as Taint[], desiredTaints(node), rfc3339(new Date()));
    if (!taints) return node;
    const next = { ...node, spec: { ...node.spec, taints } };
    if (taints.length === 0) delete next.spec.taints;
    return this.#nodesClient.update(undefined, next);
  }

  /** MarkPodsNotReady: the pods of an unreachable node stop being Ready (they leave endpoints). */
  async #markPodsNotReady(node: Obj): Promise<void> {
    const now = new Date();
    for (const pod of this.#podsOn(node.metadata.name)) {
      const conditions = (pod.status?.conditions ?? []) as Array<{ type: string; status: string; reason?: string; message?: string }>;
      const ready = conditions.find((c) => c.type === 'Ready');
      if (!ready || ready.status === 'False') continue;
      const { conditions: next } = updateCondition(conditions, { ...ready, status: 'False' }, now);
      try {
        await this.#podsClient.updateStatus(pod.metadata.namespace, { ...pod, status: { ...pod.status, conditions: next } });
      } catch (e) {
        if (e instanceof ApiError && e.reason === 'NotFound') continue;
        throw e;
      }
      this.#recorder.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
    }
  }

  /**
   * The taint eviction controller: pods that do not tolerate every NoExecute taint go now;
   * the others when the shortest tolerationSeconds among the tolerations used has passed
   * since the taints were added (timeAdded, so a restarted controller keeps the clock).
   */
  async #evictPods(node: Obj): Promise<void> {
    const noExecute = ((node.spec?.taints ?? []) as Taint[]).filter((t) => t.effect === 'NoExecute');
    if (noExecute.length === 0) return;
    const now = Date.now();
    const since = Math.min(...noExecute.map((t) => Date.parse(t.timeAdded ?? '') || now));
    for (const pod of this.#podsOn(node.metadata.name)) {
      if (pod.metadata.deletionTimestamp) continue;
      const { all, used } = matchingTolerations(noExecute, (pod.spec?.tolerations ?? []) as Toleration[]);
      const wait = all ? minTolerationMs(used) : 0;
      if (wait < 0) continue; // tolerated forever
      const due = since + wait;
      if (now < due) {
        this.#checkAt(node.metadata.name, due);
        continue;
      }
      await this.#evict(pod);
    }
  }

  async #evict(pod: Obj): Promise<void> {
    const { namespace, name, uid } = pod.metadata;
    this.#evictionRecorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${namespace}/${name}`);
    try {
      const { conditions, changed } = updateCondition(pod.status?.conditions ?? [], { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' }, new Date());
      if (changed) {
        const cond = conditions.find((c) => c.type === 'DisruptionTarget');
        await this.#podsClient.patch(namespace, name, 'strategic', { metadata: { uid }, status: { conditions: [cond] } }, { subresource: 'status' });
      }
      await this.#podsClient.delete(namespace, name, { preconditions: { uid } });
    } catch (e) {
      if (e instanceof ApiError && (e.reason === 'NotFound' || e.reason === 'Conflict')) return;
      throw e;
    }
  }

  #podsOn(nodeName: string): Obj[] {
    return this.#pods.list().filter((p) => p.spec?.nodeName === nodeName).sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  }
}

interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}

function readyCondition(node: Obj): NodeCondition | undefined {
  return ((node.status?.conditions ?? []) as NodeCondition[]).find((c) => c.type === 'Ready');
}

/** MicroTime as a comparable number of microseconds. */
function micros(t: string): number {
  const m = /^(.*?)(?:\.(\d+))?Z$/.exec(t);
  if (!m) return Date.parse(t) * 1000;
  return Date.parse(`${m[1]}Z`) * 1000 + Number((m[2] ?? '').padEnd(6, '0').slice(0, 6));
}

/**
 * The node with Ready, MemoryPressure, DiskPressure and PIDPressure set Unknown as upstream
 * words it ("never updated" for conditions the kubelet never posted); undefined if already so.
 */
function markUnknown(node: Obj, now: Date): Obj | undefined {
  const conditions = ((node.status?.conditions ?? []) as NodeCondition[]).map((c) => ({ ...c }));
  let changed = false;
  for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
    const c = conditions.find((x) => x.type === type);
    if (!c) {
      conditions.push({ type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: node.metadata.creationTimestamp, lastTransitionTime: rfc3339(now) });
      changed = true;
    } else if (c.status !== 'Unknown') {
      Object.assign(c, { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: rfc3339(now) });
      changed = true;
    }
  }
  return changed ? { ...node, status: { ...node.status, conditions } } : undefined;
}

/** getMinTolerationTime: no tolerations → 0; none with tolerationSeconds → forever (-1). */
function minTolerationMs(tolerations: readonly Toleration[]): number {
  if (tolerations.length === 0) return 0;
  let min = Infinity;
  for (const t of tolerations) {
    if (typeof t.tolerationSeconds !== 'number') continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? -1 : min * 1000;
}
