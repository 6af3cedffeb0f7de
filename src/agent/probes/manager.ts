// The probes of one pod: a worker per container and probe kind, fed with the container's
// start and stop notifications, and the state the kubelet derives from their results
// (ContainerStatus.ready and .started, hence the pod's Ready condition), as upstream's
// prober manager (UpdatePodStatus, isContainerStarted).
import type { Container } from 'kubernetes-types/core/v1.js';
import type { ProbeResult, ProbeTarget } from '../contracts.ts';
import type { RunProbe } from './prober.ts';
import { containerPortResolver } from './run-probe.ts';
import type { ProbeEvent, ProbeKind } from './types.ts';
import { ProbeWorker, type RestartRequest, type WorkerContainerStatus } from './worker.ts';

export type ExecInContainer = ProbeTarget['exec'];

export interface ProbeManagerOptions {
  /** A container's ready, started or live state changed: recompute the pod's status. */
  changed(): void;
  /**
   * A liveness or startup probe failed past its threshold: kill and restart the container
   * (record a Normal/Killing event with `detail.killMessage`, and use
   * `detail.terminationGracePeriodSeconds` over the pod's when set).
   */
  livenessFailed(containerName: string, message: string, detail: RestartRequest): void;
  /** Probe events (Warning Unhealthy / ProbeWarning), one per failing attempt, as upstream. */
  event?(containerName: string, event: ProbeEvent): void;
  /** When the agent started (ms since the epoch), for the initial jitter; default: this process's start. */
  agentStartedAt?: number;
  random?: () => number;
  /** Replaces the probe runner (tests). */
  runProbe?: RunProbe;
}

export interface ContainerProbeState {
  /** ContainerStatus.ready: running, started, and the readiness probe (if any) succeeded. */
  ready: boolean;
  /** ContainerStatus.started: running and the startup probe (if any) succeeded. */
  started: boolean;
  /** False once liveness has failed for the current instance (it is being restarted). */
  live: boolean;
}

export interface StartOptions {
  /** The instance's id (e.g. the containerID); a fresh one is made up when absent. */
  id?: string;
  startedAt?: Date;
}

interface Entry {
  spec: Container;
  status: Omit<WorkerContainerStatus, 'started'>;
  target: { podIP: string; exec: ExecInContainer };
  workers: Map<ProbeKind, ProbeWorker>;
  last?: ContainerProbeState;
}

const kinds: ProbeKind[] = ['startup', 'liveness', 'readiness'];
const probeOf = (c: Container, kind: ProbeKind) => (kind === 'startup' ? c.startupProbe : kind === 'liveness' ? c.livenessProbe : c.readinessProbe);
const processStartedAt = Date.now() - process.uptime() * 1000;

export class ProbeManager {
  readonly #o: ProbeManagerOptions;
  readonly #containers = new Map<string, Entry>();
  #instances = 0;
  #terminating = false;

  constructor(opts: ProbeManagerOptions) {
    this.#o = opts;
  }

  /**
   * A container (instance) started. Its workers are made on the first start and live on across
   * restarts (a new instance resets them, as upstream does on a new container ID).
   */
  start(container: Container, podIP: string, exec: ExecInContainer, opts: StartOptions = {}): void {
    let e = this.#containers.get(container.name);
    const status = { id: opts.id ?? `${container.name}/${this.#instances++}`, running: true, startedAt: (opts.startedAt ?? new Date()).getTime() };
    if (!e) {
      e = { spec: container, status, target: { podIP, exec }, workers: new Map() };
      this.#containers.set(container.name, e);
    } else {
      e.spec = container;
      e.status = status;
      e.target.podIP = podIP;
      e.target.exec = exec;
    }
    const existing = new Set(e.workers.keys());
    for (const kind of kinds) if (probeOf(container, kind) && !e.workers.has(kind)) this.#addWorker(e, kind);
    for (const w of e.workers.values()) w.start(); // a new worker probes at once
    this.#noticeChange(e);
    // Upstream's status update runs readiness at once for a started container that is not ready.
    if (existing.has('readiness') && this.started(container.name)) e.workers.get('readiness')?.trigger();
  }

  /**
   * The container exited. Its workers record failure (not ready) and wait for the next start;
   * with `final` (it will not run again) they stop.
   */
  stop(containerName: string, opts: { final?: boolean } = {}): void {
    const e = this.#containers.get(containerName);
    if (!e) return;
    e.status = { ...e.status, running: false, final: opts.final };
    for (const w of e.workers.values()) w.trigger();
    if (opts.final) for (const w of [...e.workers.values()]) w.stop();
    this.#noticeChange(e);
  }

  /** The pod is being deleted: liveness and startup stop (no restarts while it shuts down). */
  terminating(): void {
    this.#terminating = true;
    for (const e of this.#containers.values()) for (const w of e.workers.values()) w.terminating();
  }

  /** Stops every worker (pod deleted, or agent shutdown). */
  stopAll(): void {
    for (const e of this.#containers.values()) for (const w of [...e.workers.values()]) w.stop();
  }

  state(containerName: string): ContainerProbeState {
    return { ready: this.ready(containerName), started: this.started(containerName), live: this.live(containerName) };
  }

  ready(containerName: string): boolean {
    const e = this.#containers.get(containerName);
    if (!e?.status.running || !this.started(containerName)) return false;
    const w = e.workers.get('readiness');
    return !w || (w.containerId === e.status.id && w.result === 'success');
  }

  started(containerName: string): boolean {
    const e = this.#containers.get(containerName);
    if (!e?.status.running) return false;
    const w = e.workers.get('startup');
    // With a startup probe, started only once it succeeded for this instance.
    return !w || (w.containerId === e.status.id && w.result === 'success');
  }

  live(containerName: string): boolean {
    const e = this.#containers.get(containerName);
    const w = e?.workers.get('liveness');
    // A result about an earlier instance says nothing about this one (initially live).
    return !w || w.containerId !== e!.status.id || w.result !== 'failure';
  }

  /** The running workers (for inspection and tests). */
  workers(containerName: string): ProbeKind[] {
    return [...(this.#containers.get(containerName)?.workers.keys() ?? [])];
  }

  #addWorker(e: Entry, kind: ProbeKind): void {
    const name = e.spec.name;
    const worker: ProbeWorker = new ProbeWorker({
      kind,
      containerName: name,
      probe: probeOf(e.spec, kind)!,
      target: e.target,
      status: () => ({ ...e.status, started: this.started(name) }),
      onResult: (k, result, message, detail) => this.#onResult(e, k, result, message, detail.restart),
      onEvent: (ev) => this.#o.event?.(name, ev),
      onStopped: () => {
        if (e.workers.get(kind) === worker) e.workers.delete(kind);
      },
      resolvePort: containerPortResolver(e.spec),
      env: e.spec.env,
      agentStartedAt: this.#o.agentStartedAt ?? processStartedAt,
      random: this.#o.random,
      runProbe: this.#o.runProbe,
    });
    e.workers.set(kind, worker);
    if (this.#terminating) worker.terminating();
  }

  #onResult(e: Entry, kind: ProbeKind, result: ProbeResult, message: string, restart: RestartRequest | undefined): void {
    if (restart && e.status.running) this.#o.livenessFailed(e.spec.name, message, restart);
    const wasStarted = e.last?.started;
    this.#noticeChange(e);
    // Started just now: readiness may run at once rather than at its next period.
    if (kind === 'startup' && result === 'success' && !wasStarted) e.workers.get('readiness')?.trigger();
  }

  #noticeChange(e: Entry): void {
    const now = this.state(e.spec.name);
    const before = e.last;
    e.last = now;
    if (!before || before.ready !== now.ready || before.started !== now.started || before.live !== now.live) this.#o.changed();
  }
}
