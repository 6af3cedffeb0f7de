// The `endpoints.kubernetes.io/last-change-trigger-time` annotation (upstream
// TriggerTimeTracker): the earliest change, since the previous sync of this Service, among the
// pods' Ready transitions and the Service's creation; for a Service seen for the first time,
// its creationTimestamp. Like upstream it is an approximation kept in memory per controller.
import type { Pod, Service } from './pods.ts';
import { podReadyCondition } from './pods.ts';

export const lastChangeTriggerTimeAnnotation = 'endpoints.kubernetes.io/last-change-trigger-time';

interface ServiceState {
  service: number;
  pods: Map<string, number>;
}

const ms = (t: string | undefined): number => (t ? Date.parse(t) || 0 : 0);

export class TriggerTimeTracker {
  readonly #states = new Map<string, ServiceState>();

  /** Returns the trigger time to publish (0: none), and remembers what it saw. */
  compute(svc: Service, pods: Pod[]): number {
    const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
    const prior = this.#states.get(key);
    let min = 0;
    const podTimes = new Map<string, number>();
    for (const pod of pods) {
      const t = ms(podReadyCondition(pod)?.lastTransitionTime);
      if (!t) continue;
      podTimes.set(pod.metadata.name, t);
      if (t > (prior?.pods.get(pod.metadata.name) ?? 0) && (min === 0 || t < min)) min = t;
    }
    const svcTime = ms(svc.metadata.creationTimestamp);
    if (svcTime > (prior?.service ?? 0) && (min === 0 || svcTime < min)) min = svcTime;
    this.#states.set(key, { service: svcTime, pods: podTimes });
    return prior ? min : svcTime;
  }

  deleteService(namespace: string, name: string): void {
    this.#states.delete(`${namespace}/${name}`);
  }
}

/** Go's time.RFC3339Nano in UTC: fractional seconds without trailing zeros. */
export function formatRFC3339Nano(t: number): string {
  return new Date(t).toISOString().replace(/\.(\d*?)0*Z$/, (_, f: string) => (f ? `.${f}Z` : 'Z'));
}

/** Sets or clears the annotation on a copy of `annotations`. */
export function withTriggerTime(annotations: Record<string, string> | undefined, t: number): Record<string, string> {
  const out = { ...annotations };
  if (t) out[lastChangeTriggerTimeAnnotation] = formatRFC3339Nano(t);
  else delete out[lastChangeTriggerTimeAnnotation];
  return out;
}
