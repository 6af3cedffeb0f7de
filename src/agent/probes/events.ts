// The words of the events the kubelet records about probes (upstream prober.go and
// kuberuntime's computePodActions), in one place so the worker, the manager and the kubelet
// agree on them.
import type { ProbeKind } from './types.ts';

/** probeType.String(): `Liveness`, `Readiness`, `Startup`. */
export function probeKindName(kind: ProbeKind): string {
  return kind[0]!.toUpperCase() + kind.slice(1);
}

/** Warning/Unhealthy, recorded on every failed attempt (not only when the threshold is reached). */
export function probeFailedMessage(kind: ProbeKind, output: string): string {
  return `${probeKindName(kind)} probe failed: ${output}`;
}

/** Warning/Unhealthy for a probe that could not be run (e.g. a named port that does not exist). */
export function probeErroredMessage(kind: ProbeKind, error: string): string {
  return `${probeKindName(kind)} probe errored and resulted in unknown state: ${error}`;
}

/** Warning/ProbeWarning: an HTTP probe that ended on a redirect it did not follow. */
export function probeWarningMessage(kind: ProbeKind, output: string): string {
  return `${probeKindName(kind)} probe warning: ${output}`;
}

/** Normal/Killing, when the kubelet kills a container for a failed liveness or startup probe. */
export function probeKillMessage(container: string, kind: 'liveness' | 'startup'): string {
  return `Container ${container} failed ${kind} probe, will be restarted`;
}
