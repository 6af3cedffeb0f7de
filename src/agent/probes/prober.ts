// upstream prober.probe: runs an attempt, retrying only probes that could not be run at all
// (up to 3 times), and says which events the kubelet records for the outcome.
import type { ProbeResult, ProbeTarget } from '../contracts.ts';
import { probeErroredMessage, probeFailedMessage, probeWarningMessage } from './events.ts';
import { runProbe } from './run-probe.ts';
import type { ProbeEvent, ProbeKind, RunProbeOptions, V1Probe } from './types.ts';

const maxProbeRetries = 3;

export interface ProbeAttempt {
  result: ProbeResult;
  message: string;
  /** The probe could not be run; upstream's worker throws such a result away. */
  errored: boolean;
  events: ProbeEvent[];
}

export type RunProbe = typeof runProbe;

export async function probeWithRetries(kind: ProbeKind, probe: V1Probe, target: ProbeTarget, opts: RunProbeOptions, run: RunProbe = runProbe): Promise<ProbeAttempt> {
  let outcome = await run(probe, target, opts);
  for (let i = 1; i < maxProbeRetries && outcome.error; i++) outcome = await run(probe, target, opts);
  if (outcome.error) {
    return { result: 'failure', message: outcome.message, errored: true, events: [{ type: 'Warning', reason: 'Unhealthy', message: probeErroredMessage(kind, outcome.message) }] };
  }
  const events: ProbeEvent[] = [];
  if (outcome.result === 'failure') events.push({ type: 'Warning', reason: 'Unhealthy', message: probeFailedMessage(kind, outcome.message) });
  else if (outcome.warning) events.push({ type: 'Warning', reason: 'ProbeWarning', message: probeWarningMessage(kind, outcome.message) });
  return { result: outcome.result, message: outcome.message, errored: false, events };
}
