// One pod's life on this node: address, init containers in order, app containers with their
// restart policy and back-off, probes, status, and graceful termination. Every change runs
// through one serialized `sync`, so the pod's state is never updated from two places at once.
import { join } from 'node:path';
import type { ImageFailure, ProcessExit, ProcessRuntime, ResolveImage, RunningProcess } from '../contracts.ts';
import type { LoopbackPodNetwork } from '../network/loopback.ts';
import { RestartBackoff } from './backoff.ts';
import { containerEnv, EnvError, expand } from './env.ts';
import { hostsFile, resolvConf, writePodEtc, type DnsSettings } from './etc-files.ts';
import { privilegedPortProblem } from './privileges.ts';
import { podStatus, type ContainerSnapshot, type ContainerState } from './pod-status.ts';

type Obj = Record<string, any>;
type EventType = 'Normal' | 'Warning';

/** What the worker needs from probes; an adapter over the probe manager provides it. */
export interface ContainerProbes {
  /** Starts probing a container that just started; results arrive through the callbacks. */
  start(container: Obj, podIP: string, exec: (argv: string[], timeoutSeconds: number) => Promise<{ exitCode: number; output: string }>, opts?: { id?: string; startedAt?: Date }): void;
  /** `final`: the container will not run again. */
  stop(containerName: string, opts?: { final?: boolean }): void;
  stopAll(): void;
  /** The pod is being deleted: probes stop counting against it. */
  terminating(): void;
  ready(containerName: string): boolean;
  started(containerName: string): boolean;
}

export interface ProbeCallbacks {
  changed(): void;
  /** Liveness or startup failed past its threshold: the container is to be restarted. */
  livenessFailed(containerName: string, message: string, detail: { killMessage: string; terminationGracePeriodSeconds?: number }): void;
  /** One probe attempt's event (Unhealthy, ProbeWarning), recorded as is. */
  event(containerName: string, e: { type: EventType; reason: string; message: string }): void;
}

export interface PodWorkerDeps {
  runtime: ProcessRuntime;
  resolveImage: ResolveImage;
  network: LoopbackPodNetwork;
  nodeName: string;
  hostIP: string;
  clusterDomain: string;
  dns(pod: Obj): DnsSettings;
  stateDir: string;
  /** Run each pod in its own UTS and mount namespaces (root only). */
  isolate: boolean;
  /** Why pods cannot be isolated, when they cannot (told to each pod in an event). */
  isolationProblem?: string;
  services(): Obj[];
  probes(callbacks: ProbeCallbacks): ContainerProbes;
  adopted: Map<string, RunningProcess>;
  postStatus(pod: Obj, status: Obj): Promise<void>;
  deletePod(pod: Obj): Promise<void>;
  event(pod: Obj, type: EventType, reason: string, message: string): void;
  log(msg: string, err?: unknown): void;
}

interface ContainerRecord {
  spec: Obj;
  init: boolean;
  process?: RunningProcess;
  state: ContainerState;
  lastState?: ContainerState;
  restartCount: number;
  backoff: RestartBackoff;
  restartTimer?: NodeJS.Timeout;
  /** Set when the container must not start again (image or config failure, or finished). */
  final?: boolean;
  /** An exit we caused (liveness failure or termination) rather than the program. */
  killedBy?: string;
  /** Why the container may not bind its ports (no root), reported with its failures. */
  portProblem?: string;
}

const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export class PodWorker {
  pod: Obj;
  readonly #deps: PodWorkerDeps;
  readonly #records = new Map<string, ContainerRecord>();
  readonly #probes: ContainerProbes;
  #podIP: string | undefined;
  #etc: { hostsFile: string; resolvConfFile: string } | undefined;
  #startTime: string | undefined;
  #queue: Promise<void> = Promise.resolve();
  #terminating: Promise<void> | undefined;
  #lastStatus = '';
  readonly #envs = new Map<string, Record<string, string>>();
  #gone = false;

  constructor(pod: Obj, deps: PodWorkerDeps) {
    this.pod = pod;
    this.#deps = deps;
    this.#probes = deps.probes({
      changed: () => this.sync(),
      livenessFailed: (name, _message, detail) => this.#enqueue(() => this.#livenessFailed(name, detail)),
      event: (_name, e) => this.#deps.event(this.pod, e.type, e.reason, e.message),
    });
    const known = [...((pod.status?.initContainerStatuses ?? []) as Obj[]), ...((pod.status?.containerStatuses ?? []) as Obj[])];
    const policy = pod.spec?.restartPolicy ?? 'Always';
    const add = (spec: Obj, init: boolean) => {
      const prior = known.find((s) => s.name === spec.name);
      const record: ContainerRecord = { spec, init, state: { kind: 'waiting', reason: 'ContainerCreating' }, restartCount: prior?.restartCount ?? 0, backoff: new RestartBackoff() };
      // A restarted agent learns from the reported status what already finished for good
      // (completed init containers, containers that will not restart): it is not run again.
      const done = prior?.state?.terminated as Obj | undefined;
      if (done && (init ? done.exitCode === 0 : policy === 'Never' || (policy === 'OnFailure' && done.exitCode === 0))) {
        record.state = { kind: 'terminated', exitCode: done.exitCode, reason: done.reason, startedAt: done.startedAt, finishedAt: done.finishedAt };
        record.final = true;
      }
      if (prior?.lastState?.terminated) {
        const last = prior.lastState.terminated as Obj;
        record.lastState = { kind: 'terminated', exitCode: last.exitCode, reason: last.reason, startedAt: last.startedAt, finishedAt: last.finishedAt };
      }
      this.#records.set(spec.name, record);
    };
    for (const c of (pod.spec?.initContainers ?? []) as Obj[]) add(c, true);
    for (const c of (pod.spec?.containers ?? []) as Obj[]) add(c, false);
    this.#startTime = pod.status?.startTime;
  }

  get uid(): string {
    return this.pod.metadata.uid;
  }

  /** The running process of a container, and why there is none (for logs and exec). */
  container(name: string): { process?: RunningProcess; state: ContainerState; restartCount: number; init: boolean } | undefined {
    const r = this.#records.get(name);
    return r && { process: r.process, state: r.state, restartCount: r.restartCount, init: r.init };
  }

  containerNames(): string[] {
    return [...this.#records.keys()];
  }

  /** The environment a container was started with: exec runs with it, as in a container. */
  execEnv(name: string): Record<string, string> {
    return this.#envs.get(name) ?? {};
  }

  /** A newer version of the pod object from the API. */
  update(pod: Obj): void {
    this.pod = pod;
    this.sync();
  }

  /** Schedules a reconcile; calls made while one runs coalesce into the next. */
  sync(): void {
    this.#enqueue(() => this.#sync());
  }

  /** The pod is gone from the API (force deletion): stop everything quickly. */
  forget(): Promise<void> {
    this.#gone = true;
    return this.#enqueue(() => this.#terminate(1));
  }

  /** Stops the pod's processes without deleting anything (agent shutdown). */
  async shutdown(graceSeconds: number): Promise<void> {
    this.#gone = true;
    this.#probes.stopAll();
    for (const r of this.#records.values()) clearTimeout(r.restartTimer);
    await Promise.all([...this.#records.values()].filter((r) => r.process).map((r) => this.#deps.runtime.stop(r.process!, graceSeconds).catch(() => {})));
  }

  #enqueue(work: () => Promise<void>): Promise<void> {
    this.#queue = this.#queue.then(work).catch((e) => this.#deps.log(`pod ${this.#name()}`, e));
    return this.#queue;
  }

  #name(): string {
    return `${this.pod.metadata.namespace}/${this.pod.metadata.name}`;
  }

  async #sync(): Promise<void> {
    if (this.#gone && !this.#terminating) return;
    if (this.pod.metadata.deletionTimestamp) return this.#terminate(this.pod.metadata.deletionGracePeriodSeconds ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30);
    if (!this.#podIP) this.#setUpSandbox();
    this.#adopt();
    const inits = [...this.#records.values()].filter((r) => r.init);
    const pending = inits.find((r) => !(r.state.kind === 'terminated' && r.state.exitCode === 0));
    if (pending) {
      if (!pending.process && !pending.restartTimer && !pending.final) await this.#start(pending);
    } else {
      for (const r of this.#records.values()) if (!r.init && !r.process && !r.restartTimer && !r.final) await this.#start(r);
    }
    await this.#postStatus();
  }

  /** The pod's address and the files kubelet writes for it. */
  #setUpSandbox(): void {
    this.#podIP = this.#deps.network.assign(this.uid);
    this.#startTime ??= rfc3339(new Date());
    const spec = this.pod.spec ?? {};
    const hostname = this.#hostname();
    const hosts = hostsFile({ name: this.pod.metadata.name, namespace: this.pod.metadata.namespace, hostname, subdomain: spec.subdomain, podIP: this.#podIP, hostAliases: spec.hostAliases }, this.#deps.clusterDomain);
    this.#etc = writePodEtc(join(this.#deps.stateDir, 'pods', this.uid, 'etc'), hosts, resolvConf(this.#deps.dns(this.pod)));
    if (this.#deps.isolationProblem) {
      this.#deps.event(this.pod, 'Warning', 'IsolationUnavailable', `pod runs with the host's hostname and /etc/hosts, and only the Service environment variables to find Services (no cluster DNS in /etc/resolv.conf): ${this.#deps.isolationProblem}`);
    }
  }

  #hostname(): string {
    return String(this.pod.spec?.hostname || this.pod.metadata.name).slice(0, 63);
  }

  /** Processes a previous agent run started for this pod keep running under this worker. */
  #adopt(): void {
    for (const r of this.#records.values()) {
      const p = this.#deps.adopted.get(`${this.uid}/${r.spec.name}`);
      if (!p || r.process) continue;
      this.#deps.adopted.delete(`${this.uid}/${r.spec.name}`);
      this.#attach(r, p);
    }
  }

  async #start(r: ContainerRecord): Promise<void> {
    const plan = this.#deps.resolveImage(r.spec as never);
    if ('reason' in plan) return this.#cannotStart(r, plan);
    let env: Record<string, string>;
    try {
      env = containerEnv({ pod: { ...this.pod, status: { ...this.pod.status, podIP: this.#podIP, podIPs: [{ ip: this.#podIP }], hostIP: this.#deps.hostIP } }, container: r.spec, services: this.#deps.services(), hostname: this.#hostname() });
    } catch (e) {
      if (e instanceof EnvError) return this.#cannotStart(r, { reason: 'CreateContainerConfigError', message: e.message });
      throw e;
    }
    for (const [k, v] of Object.entries(plan.env ?? {})) env[k] ??= v;
    this.#envs.set(r.spec.name, env);
    r.portProblem = privilegedPortProblem(r.spec, plan.argv.some((a) => a.endsWith('/nginx.ts')) ? [Number(env.NGINX_PORT ?? 80)] : []);
    if (r.portProblem && r.restartCount === 0) this.#deps.event(this.pod, 'Warning', 'PrivilegedPort', r.portProblem);
    const vars = new Map(Object.entries(env));
    const argv = plan.argv.map((a) => expand(a, vars));
    this.#deps.event(this.pod, 'Normal', 'Pulled', `Container image "${r.spec.image}" already present on machine`);
    try {
      const p = await this.#deps.runtime.start({
        id: `${this.uid}/${r.spec.name}`,
        argv,
        env,
        cwd: r.spec.workingDir,
        isolation: this.#deps.isolate ? { hostname: this.#hostname(), ...this.#etc } : undefined,
      });
      this.#deps.event(this.pod, 'Normal', 'Created', `Created container: ${r.spec.name}`);
      this.#deps.event(this.pod, 'Normal', 'Started', `Started container ${r.spec.name}`);
      this.#attach(r, p);
    } catch (e) {
      const message = (e as Error).message;
      this.#deps.event(this.pod, 'Warning', 'Failed', `Error: ${message}`);
      const now = rfc3339(new Date());
      this.#exited(r, { kind: 'terminated', exitCode: 128, reason: 'StartError', message, startedAt: '1970-01-01T00:00:00Z', finishedAt: now }, 0);
    }
  }

  #cannotStart(r: ContainerRecord, f: ImageFailure): void {
    if (r.state.kind !== 'waiting' || r.state.reason !== f.reason) this.#deps.event(this.pod, 'Warning', 'Failed', `Error: ${f.message}`);
    r.state = { kind: 'waiting', reason: f.reason, message: f.message };
    r.final = true;
  }

  #attach(r: ContainerRecord, p: RunningProcess): void {
    r.process = p;
    r.state = { kind: 'running', startedAt: rfc3339(p.startedAt) };
    if (!r.init) this.#probes.start(r.spec, this.#podIP ?? '', (argv, timeout) => this.#execProbe(r, argv, timeout), { id: `${this.uid}/${r.spec.name}/${p.instance}`, startedAt: p.startedAt });
    void p.exited.then((exit) => this.#enqueue(() => this.#onExit(r, p, exit)));
  }

  async #execProbe(r: ContainerRecord, argv: string[], timeoutSeconds: number): Promise<{ exitCode: number; output: string }> {
    if (!r.process) return { exitCode: 1, output: 'container is not running' };
    const session = this.#deps.runtime.exec(r.process, argv, {}, {});
    let output = '';
    session.stdout.on('data', (d) => (output += d));
    session.stderr?.on('data', (d) => (output += d));
    const timer = setTimeout(() => session.kill(), timeoutSeconds * 1000);
    const { exitCode } = await session.exited.finally(() => clearTimeout(timer));
    return { exitCode, output };
  }

  async #onExit(r: ContainerRecord, p: RunningProcess, exit: ProcessExit): Promise<void> {
    if (r.process !== p) return;
    r.process = undefined;
    this.#probes.stop(r.spec.name);
    if (this.#terminating || this.#gone) return;
    const running = r.state.kind === 'running' ? r.state : undefined;
    const reason = r.killedBy ?? (exit.exitCode === 0 ? 'Completed' : 'Error');
    r.killedBy = undefined;
    const state: ContainerState = {
      kind: 'terminated',
      exitCode: exit.exitCode,
      reason: reason === 'liveness' ? 'Error' : reason,
      startedAt: running?.startedAt ?? rfc3339(p.startedAt),
      finishedAt: rfc3339(exit.finishedAt),
    };
    if (exit.signal) state.signal = signalNumber(exit.signal);
    if (exit.exitCode !== 0 && r.portProblem) state.message = r.portProblem;
    this.#exited(r, state, exit.finishedAt.getTime() - p.startedAt.getTime());
    await this.#sync();
  }

  /** Decides, per restart policy, whether and when the container runs again. */
  #exited(r: ContainerRecord, state: Extract<ContainerState, { kind: 'terminated' }>, ranMs: number): void {
    const policy = this.pod.spec?.restartPolicy ?? 'Always';
    const restart = r.init ? state.exitCode !== 0 && policy !== 'Never' : policy === 'Always' || (policy === 'OnFailure' && state.exitCode !== 0);
    if (!restart) {
      r.state = state;
      r.final = true;
      this.#probes.stop(r.spec.name, { final: true });
      return;
    }
    r.lastState = state;
    const delay = r.backoff.next(ranMs);
    if (delay === 0) {
      r.restartCount++;
      r.state = { kind: 'waiting', reason: 'ContainerCreating' };
      return;
    }
    const message = `back-off ${delay / 1000}s restarting failed container=${r.spec.name} pod=${this.pod.metadata.name}_${this.pod.metadata.namespace}(${this.uid})`;
    r.state = { kind: 'waiting', reason: 'CrashLoopBackOff', message };
    this.#deps.event(this.pod, 'Warning', 'BackOff', `Back-off restarting failed container ${r.spec.name} in pod ${this.pod.metadata.name}_${this.pod.metadata.namespace}(${this.uid})`);
    r.restartTimer = setTimeout(() => {
      r.restartTimer = undefined;
      r.restartCount++;
      this.sync();
    }, delay);
    r.restartTimer.unref();
  }

  async #livenessFailed(name: string, detail: { killMessage: string; terminationGracePeriodSeconds?: number }): Promise<void> {
    const r = this.#records.get(name);
    if (!r?.process || this.#terminating) return;
    this.#deps.event(this.pod, 'Normal', 'Killing', detail.killMessage);
    r.killedBy = 'liveness';
    // A probe's own terminationGracePeriodSeconds wins over the pod's (upstream).
    const grace = detail.terminationGracePeriodSeconds ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30;
    // The exit is handled by #onExit like any other; stopping here must not wait in the queue.
    void this.#deps.runtime.stop(r.process, grace).catch((e) => this.#deps.log(`stopping ${name}`, e));
  }

  /** Graceful termination: preStop hooks, SIGTERM, SIGKILL after the grace period, then delete. */
  #terminate(graceSeconds: number): Promise<void> {
    this.#terminating ??= (async () => {
      const deadline = Date.now() + graceSeconds * 1000;
      this.#probes.terminating();
      this.#probes.stopAll();
      for (const r of this.#records.values()) clearTimeout(r.restartTimer);
      await Promise.all(
        [...this.#records.values()].map(async (r) => {
          if (!r.process) return;
          this.#deps.event(this.pod, 'Normal', 'Killing', `Stopping container ${r.spec.name}`);
          await this.#preStop(r, deadline);
          await this.#deps.runtime.stop(r.process, Math.max(0, (deadline - Date.now()) / 1000)).catch((e) => this.#deps.log(`stopping ${r.spec.name}`, e));
        }),
      );
      for (const r of this.#records.values()) await this.#deps.runtime.remove(`${this.uid}/${r.spec.name}`).catch(() => {});
      this.#deps.network.release(this.uid);
      if (!this.#gone) await this.#deps.deletePod(this.pod);
    })();
    return this.#terminating;
  }

  async #preStop(r: ContainerRecord, deadline: number): Promise<void> {
    const hook = r.spec.lifecycle?.preStop as Obj | undefined;
    if (!hook || !r.process) return;
    const budget = Math.max(0, deadline - Date.now());
    try {
      if (hook.exec?.command) {
        await Promise.race([this.#execProbe(r, hook.exec.command, budget / 1000), sleep(budget)]);
      } else if (hook.httpGet) {
        const port = hook.httpGet.port;
        const url = `${hook.httpGet.scheme === 'HTTPS' ? 'https' : 'http'}://${hook.httpGet.host || this.#podIP}:${port}${hook.httpGet.path ?? '/'}`;
        await fetch(url, { signal: AbortSignal.timeout(budget) }).then((res) => res.arrayBuffer());
      } else if (hook.sleep?.seconds) {
        await sleep(Math.min(budget, hook.sleep.seconds * 1000));
      }
    } catch (e) {
      this.#deps.event(this.pod, 'Warning', 'FailedPreStopHook', `PreStopHook failed: ${(e as Error).message}`);
    }
  }

  async #postStatus(): Promise<void> {
    if (this.#terminating || this.#gone) return;
    const snap = (r: ContainerRecord): ContainerSnapshot => ({
      name: r.spec.name,
      image: r.spec.image ?? '',
      containerID: r.process ? `portico://${this.uid}/${r.spec.name}/${r.process.instance}` : undefined,
      state: r.state,
      lastState: r.lastState,
      restartCount: r.restartCount,
      ready: !r.init && r.state.kind === 'running' && this.#probes.ready(r.spec.name),
      started: r.state.kind === 'running' && this.#probes.started(r.spec.name),
    });
    const records = [...this.#records.values()];
    const init = records.filter((r) => r.init);
    const status = podStatus({
      pod: this.pod,
      podIP: this.#podIP,
      hostIP: this.#deps.hostIP,
      startTime: this.#startTime,
      init: init.map(snap),
      containers: records.filter((r) => !r.init).map(snap),
      initialized: init.every((r) => r.state.kind === 'terminated' && r.state.exitCode === 0),
      now: rfc3339(new Date()),
    });
    const text = JSON.stringify(status);
    if (text === this.#lastStatus) return;
    this.#lastStatus = text;
    await this.#deps.postStatus(this.pod, status);
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const signals: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGTERM: 15, SIGABRT: 6 };
const signalNumber = (name: string): number | undefined => signals[name];
