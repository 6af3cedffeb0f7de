// A fake kubelet for tests, until the real node agent exists: it plays the kubelet's part
// through the API only, so every controller sees exactly what a real node would report.
//
//   import { FakeKubelet } from '../../test/e2e/fake-kubelet.ts';   // (path from your test)
//   const kubelet = await FakeKubelet.start(cluster /* a Cluster, or any API URL */, 'node-1');
//   ... create pods with spec.nodeName: 'node-1' (or let a scheduler bind them) ...
//   await kubelet.waitRunning('default', 'web-0');   // optional: resolves with the pod once Running
//   await kubelet.setReady('default', 'web-0', false); // flip readiness; resolves once written
//   kubelet.podIP('default', 'web-0');                 // '127.244.0.2'
//   await kubelet.stop();                              // stops watching (the Node object stays)
//
// What it does, like a kubelet would:
// - creates (or adopts) the Node `nodeName` with status Ready=True, an InternalIP and a
//   Hostname address, capacity/allocatable, and the usual labels (kubernetes.io/hostname,
//   kubernetes.io/os, kubernetes.io/arch, plus topology.kubernetes.io/zone when `zone` is set);
// - for every pod whose spec.nodeName is this node (pods without nodeName are not its business:
//   spec.nodeName can only be set at creation or by a binding), patches /status to phase
//   Running with a unique podIP/podIPs from 127.244.<subnet>.0/24 (default subnet 0, addresses
//   .2 to .254), hostIP/hostIPs, the conditions PodReadyToStartContainers, Initialized,
//   ContainersReady, Ready, PodScheduled, and a running containerStatus per container.
//   Readiness follows the `ready` option (default true) unless `setReady` overrode it for that
//   pod; a not-ready pod reports Ready=False with reason ContainersNotReady, as kubelet does;
// - when a pod gets a deletionTimestamp (graceful deletion), it reports it terminating: the
//   containers terminate (exit 0), Ready/ContainersReady go False, phase Succeeded, and the pod
//   is deleted with gracePeriodSeconds=0 (and a UID precondition). With `holdTermination: true`
//   the pod stays terminating — still reporting its last readiness — until the test calls
//   `finishTermination(ns, name)`; use it to observe terminating endpoints.
import { resources } from '../../src/api/resources.ts';
import { ApiError } from '../../src/api/errors.ts';
import { Informer, RestClient, WorkQueue, type Obj, type ResourceClient } from '../../src/client/index.ts';

export interface FakeKubeletOptions {
  /** Default readiness of pods (a function decides per pod); setReady overrides. Default true. */
  ready?: boolean | ((pod: Obj) => boolean);
  /** Keep graceful deletions pending until finishTermination(). Default false. */
  holdTermination?: boolean;
  /** Third octet of the pod addresses: 127.244.<subnet>.N. Default 0. */
  subnet?: number;
  /** The node's InternalIP. Default 127.0.0.1. */
  nodeIP?: string;
  /** Adds topology.kubernetes.io/zone to the Node's labels. */
  zone?: string;
  /** Extra Node labels. */
  labels?: Record<string, string>;
  log?: (msg: string, err?: unknown) => void;
}

const info = (plural: string) => resources.find((r) => r.group === '' && r.plural === plural)!;
const rfc3339 = (d = new Date()) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const keyOf = (ns: string, name: string) => `${ns}/${name}`;

export class FakeKubelet {
  readonly nodeName: string;
  readonly nodeIP: string;
  readonly #rest: RestClient;
  readonly #pods: ResourceClient;
  readonly #informer: Informer;
  readonly #queue: WorkQueue;
  readonly #opts: FakeKubeletOptions;
  readonly #readiness = new Map<string, boolean>();
  readonly #ips = new Map<string, string>(); // pod key → IP
  readonly #released = new Set<string>(); // pods whose termination the test finished
  readonly #waiters = new Set<() => void>();
  #leaseTimer: NodeJS.Timeout | undefined;

  private constructor(server: string, nodeName: string, opts: FakeKubeletOptions) {
    this.nodeName = nodeName;
    this.nodeIP = opts.nodeIP ?? '127.0.0.1';
    this.#opts = opts;
    this.#rest = new RestClient(server, `fake-kubelet/${nodeName}`);
    this.#pods = this.#rest.resource(info('pods'));
    this.#informer = new Informer(this.#pods, { fieldSelector: `spec.nodeName=${nodeName}`, log: opts.log });
    this.#queue = new WorkQueue(
      (key) => this.#sync(key),
      (key, err) => opts.log?.(`fake-kubelet ${nodeName}: ${key}`, err),
    );
    const enqueue = (o: Obj) => this.#queue.add(keyOf(o.metadata.namespace, o.metadata.name));
    this.#informer.on({ add: enqueue, update: (_, o) => enqueue(o), delete: enqueue });
  }

  /** Registers the Node and starts running the pods bound to it. */
  static async start(server: string | { url: string }, nodeName = 'node-1', opts: FakeKubeletOptions = {}): Promise<FakeKubelet> {
    const k = new FakeKubelet(typeof server === 'string' ? server : server.url, nodeName, opts);
    await k.#registerNode();
    // Like a kubelet, renew the node's Lease, or the node lifecycle controller marks the
    // node NotReady after its grace period (40 s) and its pods leave the endpoints.
    await k.#renewLease();
    k.#leaseTimer = setInterval(() => void k.#renewLease().catch(() => {}), 5000);
    k.#leaseTimer.unref();
    await k.#informer.start();
    return k;
  }

  /** The pod IP this kubelet gave the pod (undefined before it ran it). */
  podIP(namespace: string, name: string): string | undefined {
    return this.#ips.get(keyOf(namespace, name));
  }

  /** Sets a pod's readiness and resolves once its status says so (the pod must be on this node). */
  async setReady(namespace: string, name: string, ready: boolean): Promise<void> {
    this.#readiness.set(keyOf(namespace, name), ready);
    await this.#sync(keyOf(namespace, name));
  }

  /** Completes a held graceful deletion: containers stop, the pod is deleted for good. */
  async finishTermination(namespace: string, name: string): Promise<void> {
    this.#released.add(keyOf(namespace, name));
    await this.#sync(keyOf(namespace, name));
  }

  /** Resolves with the pod once this kubelet reported it Running (polls the informer cache). */
  async waitRunning(namespace: string, name: string, ms = 10_000): Promise<Obj> {
    const deadline = Date.now() + ms;
    for (;;) {
      const pod = this.#informer.get(namespace, name);
      if (pod?.status?.phase === 'Running' && pod.status.podIP) return pod;
      if (Date.now() > deadline) throw new Error(`fake kubelet ${this.nodeName}: pod ${namespace}/${name} not running after ${ms}ms`);
      await new Promise<void>((r) => {
        this.#waiters.add(r);
        setTimeout(r, 20).unref();
      });
    }
  }

  /** Stops watching. The Node object and the pods stay as they are. */
  async stop(): Promise<void> {
    clearInterval(this.#leaseTimer);
    this.#queue.stop();
    this.#informer.stop();
    this.#rest.close();
  }

  async #renewLease(): Promise<void> {
    const leases = this.#rest.resource(resources.find((r) => r.plural === 'leases')!);
    const spec = { holderIdentity: this.nodeName, leaseDurationSeconds: 40, renewTime: new Date().toISOString().replace(/Z$/, '000Z') };
    try {
      await leases.patch('kube-node-lease', this.nodeName, 'merge', { spec });
    } catch {
      await leases.create('kube-node-lease', { metadata: { name: this.nodeName, namespace: 'kube-node-lease' }, spec }).catch(() => {});
    }
  }

  async #registerNode(): Promise<void> {
    const nodes = this.#rest.resource(info('nodes'));
    const labels = {
      'kubernetes.io/hostname': this.nodeName,
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': process.arch === 'x64' ? 'amd64' : process.arch,
      ...(this.#opts.zone ? { 'topology.kubernetes.io/zone': this.#opts.zone } : {}),
      ...this.#opts.labels,
    };
    try {
      await nodes.create(undefined, { metadata: { name: this.nodeName, labels } });
    } catch (e) {
      if (!(e instanceof ApiError && e.reason === 'AlreadyExists')) throw e;
      await nodes.patch(undefined, this.nodeName, 'merge', { metadata: { labels } });
    }
    const now = rfc3339();
    const resources = { cpu: '8', memory: '16Gi', pods: '110', 'ephemeral-storage': '100Gi' };
    const condition = (type: string, status: string, reason: string, message: string) => ({ type, status, reason, message, lastHeartbeatTime: now, lastTransitionTime: now });
    await nodes.patch(
      undefined,
      this.nodeName,
      'merge',
      {
        status: {
          capacity: resources,
          allocatable: resources,
          addresses: [
            { type: 'InternalIP', address: this.nodeIP },
            { type: 'Hostname', address: this.nodeName },
          ],
          conditions: [
            condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
            condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
            condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
            condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
          ],
          daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
          nodeInfo: {
            machineID: '',
            systemUUID: '',
            bootID: '',
            kernelVersion: '',
            osImage: 'Portico fake kubelet',
            containerRuntimeVersion: 'fake://0',
            kubeletVersion: 'v1.34.0',
            kubeProxyVersion: '',
            operatingSystem: 'linux',
            architecture: labels['kubernetes.io/arch'],
          },
        },
      },
      { subresource: 'status' },
    );
  }

  #allocateIP(key: string, pod: Obj): string {
    let ip = this.#ips.get(key) ?? (pod.status?.podIP as string | undefined);
    if (!ip) {
      const used = new Set(this.#ips.values());
      const prefix = `127.244.${this.#opts.subnet ?? 0}.`;
      for (let n = 2; n < 255 && !ip; n++) if (!used.has(prefix + n)) ip = prefix + n;
      if (!ip) throw new Error(`fake kubelet ${this.nodeName}: no pod IP left in ${prefix}0/24`);
    }
    this.#ips.set(key, ip);
    return ip;
  }

  #wantReady(key: string, pod: Obj): boolean {
    const set = this.#readiness.get(key);
    if (set !== undefined) return set;
    const d = this.#opts.ready ?? true;
    return typeof d === 'function' ? d(pod) : d;
  }

  async #sync(key: string): Promise<void> {
    const [namespace, name] = key.split('/') as [string, string];
    const pod = this.#informer.get(namespace, name) ?? (await this.#pods.get(namespace, name).catch(() => undefined));
    if (!pod || pod.spec?.nodeName !== this.nodeName) {
      // Gone: its IP may be reused by a later pod.
      if (!pod) {
        this.#ips.delete(key);
        this.#readiness.delete(key);
        this.#released.delete(key);
      }
      return;
    }
    const phase = pod.status?.phase as string | undefined;
    if (pod.metadata.deletionTimestamp) {
      if (this.#opts.holdTermination && !this.#released.has(key)) {
        // Still shutting down: keep reporting the pod as the test wants it.
        if (phase !== 'Succeeded' && phase !== 'Failed') await this.#writeStatus(pod, this.#runningStatus(key, pod));
        return;
      }
      if (phase !== 'Succeeded' && phase !== 'Failed') await this.#writeStatus(pod, this.#terminatedStatus(key, pod));
      try {
        await this.#pods.delete(namespace, name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
      } catch (e) {
        if (!(e instanceof ApiError && (e.reason === 'NotFound' || e.reason === 'Conflict'))) throw e;
      }
      return;
    }
    if (phase === 'Succeeded' || phase === 'Failed') return;
    await this.#writeStatus(pod, this.#runningStatus(key, pod));
  }

  async #writeStatus(pod: Obj, status: Obj['status']): Promise<void> {
    if (sameStatus(pod.status, status)) return;
    try {
      await this.#pods.patch(pod.metadata.namespace, pod.metadata.name, 'merge', { status }, { subresource: 'status' });
    } catch (e) {
      if (!(e instanceof ApiError && e.reason === 'NotFound')) throw e;
    }
    for (const w of this.#waiters) w();
    this.#waiters.clear();
  }

  #runningStatus(key: string, pod: Obj): Record<string, unknown> {
    const ip = this.#allocateIP(key, pod);
    const ready = this.#wantReady(key, pod);
    const containers = (pod.spec?.containers ?? []) as Array<{ name: string; image?: string }>;
    const started = (pod.status?.startTime as string | undefined) ?? rfc3339();
    const prior = new Map(((pod.status?.conditions ?? []) as Array<{ type: string; status: string; lastTransitionTime?: string }>).map((c) => [c.type, c]));
    const cond = (type: string, ok: boolean, reason?: string, message?: string) => {
      const status = ok ? 'True' : 'False';
      const p = prior.get(type);
      return {
        type,
        status,
        lastProbeTime: null,
        lastTransitionTime: p?.status === status && p.lastTransitionTime ? p.lastTransitionTime : rfc3339(),
        ...(reason ? { reason } : {}),
        ...(message ? { message } : {}),
      };
    };
    const unready = ready ? undefined : `containers with unready status: [${containers.map((c) => c.name).join(' ')}]`;
    return {
      phase: 'Running',
      hostIP: this.nodeIP,
      hostIPs: [{ ip: this.nodeIP }],
      podIP: ip,
      podIPs: [{ ip }],
      startTime: started,
      conditions: [
        cond('PodReadyToStartContainers', true),
        cond('Initialized', true),
        cond('Ready', ready, unready && 'ContainersNotReady', unready),
        cond('ContainersReady', ready, unready && 'ContainersNotReady', unready),
        cond('PodScheduled', true),
      ],
      containerStatuses: containers.map((c) => ({
        name: c.name,
        image: c.image ?? '',
        imageID: '',
        containerID: `fake://${pod.metadata.uid}/${c.name}`,
        ready,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: started } },
      })),
    };
  }

  #terminatedStatus(key: string, pod: Obj): Record<string, unknown> {
    const running = this.#runningStatus(key, pod) as { conditions: Array<Record<string, unknown>>; containerStatuses: Array<Record<string, any>> };
    const now = rfc3339();
    // What kubelet reports once the containers of a deleted pod have exited cleanly.
    const stopped = new Set(['Ready', 'ContainersReady', 'PodReadyToStartContainers']);
    return {
      ...running,
      phase: 'Succeeded',
      conditions: running.conditions.map(({ reason: _r, message: _m, ...c }) =>
        stopped.has(c.type as string) ? { ...c, status: 'False', ...(c.type === 'PodReadyToStartContainers' ? {} : { reason: 'PodCompleted' }), lastTransitionTime: now } : c,
      ),
      containerStatuses: running.containerStatuses.map((c) => ({
        ...c,
        ready: false,
        started: false,
        state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: c.state.running.startedAt, finishedAt: now, containerID: c.containerID } },
      })),
    };
  }
}

/** Compares the fields this kubelet writes, ignoring transition times it would keep anyway. */
function sameStatus(have: Obj['status'], want: Record<string, unknown>): boolean {
  if (!have) return false;
  const strip = (s: Record<string, any>) =>
    JSON.stringify({
      phase: s.phase,
      podIP: s.podIP,
      hostIP: s.hostIP,
      conditions: (s.conditions ?? []).map((c: Record<string, unknown>) => [c.type, c.status, c.reason ?? '']).sort(),
      containers: (s.containerStatuses ?? []).map((c: Record<string, any>) => [c.name, c.ready, Object.keys(c.state ?? {})[0]]),
    });
  return strip(have) === strip(want);
}
