// Types shared by the probe runners, the worker and the manager.
import type { Probe } from 'kubernetes-types/core/v1.js';

export type V1Probe = Probe;

/** The three kinds of container probe; each container has at most one worker per kind. */
export type ProbeKind = 'liveness' | 'readiness' | 'startup';

/**
 * One probe attempt, as upstream's (probe.Result, output, error):
 * - `success`/`failure` with the output as message (failure messages as upstream words them);
 * - `warning`: counted as success, but upstream records a ProbeWarning event (an HTTP redirect
 *   that was not followed);
 * - `error`: the probe could not be run at all (a named port that does not exist, an exec that
 *   could not start); upstream retries it up to 3 times, then throws the result away.
 */
export interface ProbeOutcome {
  result: 'success' | 'failure';
  message: string;
  warning?: boolean;
  error?: boolean;
}

/**
 * Looks a named port up among the container's ports (undefined when there is none by that
 * name); numbers are passed through. runProbe then falls back to parsing the name as a number
 * and checks the range, as upstream's ResolveContainerPort.
 */
export type ResolvePort = (port: number | string) => number | undefined;

export interface RunProbeOptions {
  resolvePort?: ResolvePort;
  /** The container's env, for `$(VAR)` in an exec probe's command (static values only, as upstream). */
  env?: ReadonlyArray<{ name: string; value?: string }>;
}

/** An event the kubelet records for a probe (reason Unhealthy or ProbeWarning). */
export interface ProbeEvent {
  type: 'Warning' | 'Normal';
  reason: string;
  message: string;
}
