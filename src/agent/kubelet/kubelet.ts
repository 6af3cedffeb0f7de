// The kubelet loop: watches the pods bound to this node and keeps one PodWorker per pod;
// reports their status; cleans up processes of pods that no longer exist (after a crash
// of a previous agent) and adopts the ones that do.
import { ApiError } from '../../api/errors.ts';
import { resources } from '../../api/resources.ts';
import { EventRecorder, Informer, type Obj, type RestClient } from '../../client/index.ts';
import type { ProcessRuntime, ResolveImage, RunningProcess } from '../contracts.ts';
import type { LoopbackPodNetwork } from '../network/loopback.ts';
import { hostResolvConf, podDnsSettings } from './dns-config.ts';
import { PodWorker, type ContainerProbes, type ProbeCallbacks } from './pod-worker.ts';

const info = (group: string, plural: string) => resources.find((r) => r.group === group && r.plural === plural)!;

export interface KubeletOptions {
  rest: RestClient;
  nodeName: string;
  hostIP: string;
  stateDir: string;
  runtime: ProcessRuntime;
  resolveImage: ResolveImage;
  network: LoopbackPodNetwork;
  probes(callbacks: ProbeCallbacks): ContainerProbes;
  isolate: boolean;
  isolationProblem?: string;
  clusterDomain: string;
  clusterDNS: string[];
  log(msg: string, err?: unknown): void;
}

export class Kubelet {
  readonly #opts: KubeletOptions;
  readonly #pods: Informer;
  readonly #services: Informer;
  readonly #workers = new Map<string, PodWorker>();
  readonly #recorder: EventRecorder;
  #adopted = new Map<string, RunningProcess>();

  constructor(opts: KubeletOptions) {
    this.#opts = opts;
    this.#pods = new Informer(opts.rest.resource(info('', 'pods')), { fieldSelector: `spec.nodeName=${opts.nodeName}`, log: opts.log });
    this.#services = new Informer(opts.rest.resource(info('', 'services')), { log: opts.log });
    this.#recorder = new EventRecorder(opts.rest, 'kubelet', { host: opts.nodeName, log: opts.log });
  }

  get workers(): ReadonlyMap<string, PodWorker> {
    return this.#workers;
  }

  async start(): Promise<void> {
    this.#adopted = await this.#opts.runtime.adopt();
    await this.#services.start();
    this.#pods.on({
      add: (p) => this.#upsert(p),
      update: (_, p) => this.#upsert(p),
      delete: (p) => void this.#remove(p),
    });
    await this.#pods.start();
    // Whatever a previous run left that belongs to no current pod goes now.
    const live = new Set(this.#pods.list().map((p) => p.metadata.uid as string));
    for (const [id, p] of this.#adopted) {
      if (!live.has(id.split('/')[0]!)) {
        this.#adopted.delete(id);
        await this.#opts.runtime.stop(p, 2).catch(() => {});
        await this.#opts.runtime.remove(id).catch(() => {});
      }
    }
    this.#opts.network.retain(live);
  }

  /** Stops every pod's processes (agent shutdown); the pods stay in the API. */
  async stop(graceSeconds = 5): Promise<void> {
    this.#pods.stop();
    this.#services.stop();
    await Promise.all([...this.#workers.values()].map((w) => w.shutdown(graceSeconds)));
    await this.#opts.runtime.stopAll(graceSeconds);
  }

  #upsert(pod: Obj): void {
    const uid = pod.metadata.uid as string;
    const w = this.#workers.get(uid);
    if (w) return w.update(pod);
    const phase = pod.status?.phase;
    // Finished pods are not started again after an agent restart.
    if ((phase === 'Succeeded' || phase === 'Failed') && !this.#adopted.has(`${uid}/${pod.spec?.containers?.[0]?.name}`)) {
      if (pod.metadata.deletionTimestamp) void this.#delete(pod);
      return;
    }
    const worker = new PodWorker(pod, {
      runtime: this.#opts.runtime,
      resolveImage: this.#opts.resolveImage,
      network: this.#opts.network,
      nodeName: this.#opts.nodeName,
      hostIP: this.#opts.hostIP,
      clusterDomain: this.#opts.clusterDomain,
      dns: (p) => podDnsSettings(p, this.#opts.clusterDNS, this.#opts.clusterDomain, hostResolvConf()),
      stateDir: this.#opts.stateDir,
      isolate: this.#opts.isolate,
      isolationProblem: this.#opts.isolationProblem,
      services: () => this.#services.list(),
      probes: this.#opts.probes,
      adopted: this.#adopted,
      postStatus: (p, status) => this.#postStatus(p as Obj, status),
      deletePod: (p) => this.#delete(p as Obj),
      event: (p, type, reason, message) => this.#recorder.event(p as Obj, type, reason, message),
      log: this.#opts.log,
    });
    this.#workers.set(uid, worker);
    worker.sync();
  }

  async #remove(pod: Obj): Promise<void> {
    const w = this.#workers.get(pod.metadata.uid);
    if (!w) return;
    this.#workers.delete(pod.metadata.uid);
    await w.forget();
  }

  async #postStatus(pod: Obj, status: Record<string, unknown>): Promise<void> {
    try {
      await this.#opts.rest.resource(info('', 'pods')).patch(pod.metadata.namespace, pod.metadata.name, 'merge', { status }, { subresource: 'status', fieldManager: 'kubelet' });
    } catch (e) {
      if (!(e instanceof ApiError && e.reason === 'NotFound')) throw e;
    }
  }

  /** The kubelet's last word on a terminated pod: delete it now that its processes are gone. */
  async #delete(pod: Obj): Promise<void> {
    try {
      await this.#opts.rest.resource(info('', 'pods')).delete(pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
    } catch (e) {
      if (!(e instanceof ApiError && (e.reason === 'NotFound' || e.reason === 'Conflict'))) throw e;
    }
    this.#workers.delete(pod.metadata.uid);
  }
}
