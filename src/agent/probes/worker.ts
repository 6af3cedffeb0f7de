// One container's probe of one kind, run periodically, as upstream's prober worker: the
// result only moves after failureThreshold failures or successThreshold successes in a row,
// liveness and readiness wait for the container to have started (startup probe), and a new
// container instance starts over from the kind's initial value.
import type { ProbeResult, ProbeTarget } from '../contracts.ts';
import { probeKillMessage } from './events.ts';
import { probeWithRetries, type RunProbe } from './prober.ts';
import { runProbe } from './run-probe.ts';
import type { ProbeEvent, ProbeKind, ResolvePort, V1Probe } from './types.ts';

/** What the worker needs to know about the probed container, read before every attempt. */
export interface WorkerContainerStatus {
  /** The container instance; a different id means the container was restarted. */
  id: string;
  running: boolean;
  /** When the running instance started (ms since the epoch), for initialDelaySeconds. */
  startedAt: number;
  /** Startup succeeded (or there is no startup probe): liveness and readiness may run. */
  started: boolean;
  /** The container terminated for good (e.g. restartPolicy Never): the worker exits. */
  final?: boolean;
}

/** Set on a liveness or startup failure of a running container: the caller must restart it. */
export interface RestartRequest {
  kind: 'liveness' | 'startup';
  /** The Normal/Killing event's message: `Container x failed liveness probe, will be restarted`. */
  killMessage: string;
  /** probe.terminationGracePeriodSeconds, which overrides the pod's for this kill when set. */
  terminationGracePeriodSeconds?: number;
}

export interface ProbeResultDetail {
  containerId: string;
  restart?: RestartRequest;
}

export interface ProbeWorkerOptions {
  kind: ProbeKind;
  containerName: string;
  probe: V1Probe;
  target: ProbeTarget;
  status(): WorkerContainerStatus | undefined;
  /** Called only when the result changes (including the first result for a container). */
  onResult(kind: ProbeKind, result: ProbeResult, message: string, detail: ProbeResultDetail): void;
  /** Events for every attempt that failed, errored or warned (upstream records each one). */
  onEvent?(event: ProbeEvent): void;
  /** Called once the worker has stopped, by stop() or on its own. */
  onStopped?(): void;
  resolvePort?: ResolvePort;
  env?: ReadonlyArray<{ name: string; value?: string }>;
  /**
   * When the agent started (ms since the epoch). A worker created less than a period after it
   * waits a random part of the period first, so probes of adopted pods do not all fire at once.
   */
  agentStartedAt?: number;
  random?: () => number;
  /** Replaces the probe runner (tests). */
  runProbe?: RunProbe;
}

/** The API defaults and rules for a probe's numbers. */
export function probeTiming(kind: ProbeKind, probe: V1Probe) {
  return {
    initialDelaySeconds: Math.max(0, probe.initialDelaySeconds ?? 0),
    periodSeconds: Math.max(1, probe.periodSeconds ?? 10),
    // Validation requires 1 for liveness and startup.
    successThreshold: kind === 'readiness' ? Math.max(1, probe.successThreshold ?? 1) : 1,
    failureThreshold: Math.max(1, probe.failureThreshold ?? 3),
  };
}

/** The result before the first conclusive probe: ready is false, live is true, started unknown. */
export function initialResult(kind: ProbeKind): ProbeResult | undefined {
  return kind === 'readiness' ? 'failure' : kind === 'liveness' ? 'success' : undefined;
}

export class ProbeWorker {
  readonly kind: ProbeKind;
  readonly #o: ProbeWorkerOptions;
  readonly #timing: ReturnType<typeof probeTiming>;
  #result: ProbeResult | undefined;
  #containerId: string | undefined;
  #lastResult: ProbeResult | undefined;
  #resultRun = 0;
  #onHold = false;
  #terminating = false;
  #started = false;
  #stopped = false;
  #busy = false;
  #pending = false;
  #jitter: NodeJS.Timeout | undefined;
  #ticker: NodeJS.Timeout | undefined;

  constructor(opts: ProbeWorkerOptions) {
    this.kind = opts.kind;
    this.#o = opts;
    this.#timing = probeTiming(opts.kind, opts.probe);
  }

  /** The current result for the current container; undefined for a startup probe not yet concluded. */
  get result(): ProbeResult | undefined {
    return this.#result;
  }

  get containerId(): string | undefined {
    return this.#containerId;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  start(): void {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    const period = this.#timing.periodSeconds * 1000;
    const begin = () => {
      this.#jitter = undefined;
      this.#ticker = setInterval(() => this.#wake(), period);
      this.#ticker.unref?.();
      this.#wake();
    };
    const since = this.#o.agentStartedAt === undefined ? Infinity : Date.now() - this.#o.agentStartedAt;
    if (period > since) {
      this.#jitter = setTimeout(begin, (this.#o.random ?? Math.random)() * period);
      this.#jitter.unref?.();
    } else begin();
  }

  /** Probes now rather than at the next period (upstream's manual trigger); coalesces. */
  trigger(): void {
    if (this.#started && !this.#jitter) this.#wake();
  }

  /**
   * The pod is being deleted: liveness and startup report success and stop, so the container is
   * not restarted while it shuts down; readiness keeps probing.
   */
  terminating(): void {
    this.#terminating = true;
    this.trigger();
  }

  /** Stops probing; safe to call more than once. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#jitter);
    clearInterval(this.#ticker);
    this.#o.onStopped?.();
  }

  // A probe that outlasts the period leaves one wake-up pending, like Go's ticker channel.
  #wake(): void {
    if (this.#stopped) return;
    if (this.#busy) {
      this.#pending = true;
      return;
    }
    this.#busy = true;
    this.#doProbe()
      .catch(() => true)
      .then((keepGoing) => {
        this.#busy = false;
        if (!keepGoing) this.stop();
        else if (this.#pending) {
          this.#pending = false;
          this.#wake();
        }
      });
  }

  /** One step of the loop (upstream doProbe); resolves with whether to keep going. */
  async #doProbe(): Promise<boolean> {
    const c = this.#o.status();
    if (!c) return true; // not created yet: wait for more information
    if (c.id !== this.#containerId) {
      this.#containerId = c.id;
      this.#set(initialResult(this.kind), '');
      this.#onHold = false; // a new container: resume probing
    }
    if (this.#onHold) return true; // waiting for the restart after a liveness/startup failure
    if (!c.running) {
      this.#set('failure', 'container is not running');
      return !c.final;
    }
    if (this.#terminating && this.kind !== 'readiness') {
      this.#set('success', '');
      return false;
    }
    if (Math.trunc((Date.now() - c.startedAt) / 1000) < this.#timing.initialDelaySeconds) return true;
    // Startup stops probing once the container started; the others wait until then.
    if (c.started ? this.kind === 'startup' : this.kind !== 'startup') return true;

    const id = c.id;
    const attempt = await probeWithRetries(this.kind, this.#o.probe, this.#o.target, { resolvePort: this.#o.resolvePort, env: this.#o.env }, this.#o.runProbe ?? runProbe);
    // Stopped, or the container was replaced while the probe ran: the attempt is about nothing.
    if (this.#stopped || this.#o.status()?.id !== id || this.#containerId !== id) return !this.#stopped;
    for (const e of attempt.events) this.#o.onEvent?.(e);
    if (attempt.errored) return true; // prober error: throw the result away

    if (this.#lastResult === attempt.result) this.#resultRun++;
    else {
      this.#lastResult = attempt.result;
      this.#resultRun = 1;
    }
    const threshold = attempt.result === 'failure' ? this.#timing.failureThreshold : this.#timing.successThreshold;
    if (this.#resultRun < threshold) return true; // below threshold: leave the state unchanged

    if (this.kind !== 'readiness' && attempt.result === 'failure') {
      // The container will be restarted; stop probing until a new instance shows up.
      this.#onHold = true;
      this.#resultRun = 0;
      const restart: RestartRequest = { kind: this.kind, killMessage: probeKillMessage(this.#o.containerName, this.kind) };
      if (this.#o.probe.terminationGracePeriodSeconds !== undefined) restart.terminationGracePeriodSeconds = this.#o.probe.terminationGracePeriodSeconds;
      this.#set('failure', attempt.message, restart);
    } else this.#set(attempt.result, attempt.message);
    return true;
  }

  #set(result: ProbeResult | undefined, message: string, restart?: RestartRequest): void {
    // A restart request is news even if the result already was failure (container not running
    // in between counts as a change too, so this only guards against repeats).
    if (result === this.#result && !restart) return;
    this.#result = result;
    if (result === undefined) return;
    const detail: ProbeResultDetail = { containerId: this.#containerId! };
    if (restart) detail.restart = restart;
    this.#o.onResult(this.kind, result, message, detail);
  }
}
