// Portico's kindness where Kubernetes stays silent: why a Service with a selector has no
// endpoint to send traffic to. The answer becomes the Service condition
// `portico.dev/EndpointsReady` and, when it turns bad, a Warning event naming the cause:
//   NoMatchingPods      the selector matches no pod in the namespace;
//   TargetPortNotFound  a named targetPort that no selected pod declares (so that port has no endpoints);
//   NoReadyPods         pods match, but none can serve (not ready, no IP yet, finished, terminating).
import { findPort, isPodReady, isPodTerminal, podReadyCondition, selectorString, shouldPodBeInEndpoints, type Pod, type Service, type ServicePort } from './pods.ts';

export const endpointsReadyCondition = 'portico.dev/EndpointsReady';

export interface Diagnosis {
  ready: boolean;
  reason: string;
  message: string;
}

const maxPodsNamed = 3;

export function diagnose(svc: Service, selector: Record<string, string>, pods: Pod[]): Diagnosis {
  const sel = selectorString(selector);
  const ns = svc.metadata.namespace;
  if (pods.length === 0) return { ready: false, reason: 'NoMatchingPods', message: `selector ${sel} matches no pods in namespace ${ns}` };

  for (const sp of (svc.spec?.ports ?? []) as ServicePort[]) {
    if (typeof sp.targetPort !== 'string' || /^\d+$/.test(sp.targetPort)) continue;
    if (pods.some((p) => findPort(p, sp) !== undefined)) continue;
    const proto = sp.protocol ?? 'TCP';
    const which = proto === 'TCP' ? '' : ` (protocol ${proto})`;
    return { ready: false, reason: 'TargetPortNotFound', message: `no pod selected by ${sel} declares a container port named ${JSON.stringify(sp.targetPort)}${which}` };
  }

  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  const serving = pods.filter((p) => shouldPodBeInEndpoints(p, publishNotReady) && (publishNotReady || (isPodReady(p) && !p.metadata.deletionTimestamp)));
  const n = pods.length;
  const noun = n === 1 ? 'pod matches' : 'pods match';
  if (serving.length === 0) {
    const why = pods.slice(0, maxPodsNamed).map((p) => `${p.metadata.name}: ${whyNotServing(p)}`);
    if (n > maxPodsNamed) why.push(`and ${n - maxPodsNamed} more`);
    return { ready: false, reason: 'NoReadyPods', message: `${n} ${noun} ${sel} but none is ready (${why.join('; ')})` };
  }
  return { ready: true, reason: 'EndpointsReady', message: `${serving.length} of ${n} pods selected by ${sel} ${serving.length === 1 ? 'is' : 'are'} ready` };
}

/** One pod's reason for not serving, in the words of its own status. */
function whyNotServing(pod: Pod): string {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  if (isPodTerminal(pod)) return `${pod.status.phase}`;
  if (!pod.spec?.nodeName) return 'Pending, not scheduled to a node';
  if (!shouldPodBeInEndpoints(pod, true)) return `${pod.status?.phase ?? 'Pending'}, no pod IP yet`;
  const c = podReadyCondition(pod);
  if (!c) return `${pod.status?.phase ?? 'Pending'}, no Ready condition yet`;
  return [c.reason ?? 'NotReady', c.message].filter(Boolean).join(' ');
}

export interface MetaCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The Service's conditions with ours set from the diagnosis (meta.SetStatusCondition: the
 * transition time moves only when the status flips). Undefined when nothing would change.
 */
export function withEndpointsCondition(svc: Service, d: Diagnosis | undefined, now = new Date()): MetaCondition[] | undefined {
  const conditions = ((svc.status?.conditions ?? []) as MetaCondition[]).slice();
  const i = conditions.findIndex((c) => c.type === endpointsReadyCondition);
  const prior = i >= 0 ? conditions[i] : undefined;
  if (!d) {
    if (!prior) return undefined;
    conditions.splice(i, 1);
    return conditions;
  }
  const status = d.ready ? 'True' : 'False';
  const generation = svc.metadata.generation as number | undefined;
  if (prior && prior.status === status && prior.reason === d.reason && prior.message === d.message && prior.observedGeneration === generation) return undefined;
  const next: MetaCondition = {
    type: endpointsReadyCondition,
    status,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    lastTransitionTime: prior && prior.status === status ? prior.lastTransitionTime : rfc3339(now),
    reason: d.reason,
    message: d.message,
  };
  if (prior) conditions[i] = next;
  else conditions.push(next);
  return conditions;
}
