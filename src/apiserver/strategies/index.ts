// The Strategy of every served resource: which generic behaviours apply (generation,
// status subresource, create-on-update), its field selectors, defaulting and validation.
import { admitPodDefaults } from '../../api/defaults/index.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import type { ApiObject } from '../registry/object.ts';
import type { Strategy } from '../registry/strategy.ts';
import { eventFields, eventsV1Fields, namespaceFields, nodeFields, podFields, replicaSetFields } from './fields.ts';
import { podGracePeriod, type PodDeletionDeps } from './pod-deletion.ts';
import { rulesFor } from './rules.ts';
import { serviceStrategy, type ServiceStrategyDeps } from './service.ts';

export { eventsV1Codec } from './event-codec.ts';

export interface StrategyDeps extends PodDeletionDeps, ServiceStrategyDeps {}

export function strategyFor(info: ResourceInfo, deps: StrategyDeps): Strategy {
  const rules = rulesFor(info);
  const base: Strategy = { allowUnconditionalUpdate: true, ...rules };
  const key = `${info.group}/${info.kind}`;
  switch (key) {
    case '/Namespace':
      return {
        ...base,
        hasStatusSubresource: true,
        fields: namespaceFields,
        extraFinalizers: (o) => (o.spec?.finalizers as string[] | undefined) ?? [],
        prepareForCreate(obj) {
          // Every namespace is finalized by the namespace controller, which empties it first.
          obj.spec = { ...obj.spec, finalizers: ['kubernetes'] };
          obj.status = { phase: 'Active' };
          setNameLabel(obj);
        },
        prepareForUpdate(obj, old, ctx) {
          if (ctx.subresource === 'finalize') {
            const finalizers = obj.spec?.finalizers;
            obj.metadata = { ...old.metadata };
            obj.spec = { ...old.spec, finalizers };
            if (!finalizers) delete obj.spec.finalizers;
            obj.status = old.status;
          } else {
            obj.spec = old.spec;
          }
          if (obj.metadata.deletionTimestamp) obj.status = { ...obj.status, phase: 'Terminating' };
          setNameLabel(obj);
        },
      };
    case '/Pod':
      return {
        ...base,
        hasStatusSubresource: true,
        fields: podFields,
        returnDeletedObject: true,
        prepareForCreate(obj) {
          admitPodDefaults(obj);
          addDefaultTolerationSeconds(obj);
          obj.status = { phase: 'Pending', qosClass: qosClass(obj) };
        },
        gracePeriod: (obj, requested) => podGracePeriod(obj, requested, deps),
      };
    case '/Service':
      return serviceStrategy(base, deps);
    case '/Node':
      return { ...base, hasStatusSubresource: true, fields: nodeFields };
    case '/Endpoints':
      return { ...base, allowCreateOnUpdate: true };
    case '/Event':
      return { ...base, allowCreateOnUpdate: true, fields: eventFields };
    case 'events.k8s.io/Event':
      return { ...base, allowCreateOnUpdate: true, fields: eventsV1Fields };
    case 'apps/Deployment':
    case 'apps/ReplicaSet':
      return {
        ...base,
        tracksGeneration: true,
        hasStatusSubresource: true,
        fields: info.kind === 'ReplicaSet' ? replicaSetFields : undefined,
        prepareForCreate(obj) {
          obj.status = {};
        },
      };
    case 'discovery.k8s.io/EndpointSlice':
      return { ...base, tracksGeneration: true };
    default:
      return base;
  }
}

/** Namespaces always carry their own name as a label (upstream since 1.21). */
function setNameLabel(obj: ApiObject): void {
  obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name! };
}

/**
 * upstream's DefaultTolerationSeconds admission plugin (on create): pods tolerate the
 * not-ready and unreachable NoExecute taints for 300 s unless they say otherwise, which is
 * how long the node lifecycle controller waits before evicting them from a lost node.
 */
function addDefaultTolerationSeconds(pod: ApiObject): void {
  const tolerations = (pod.spec?.tolerations ?? []) as Array<{ key?: string; effect?: string }>;
  const tolerates = (key: string) => tolerations.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect));
  const added = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']
    .filter((key) => !tolerates(key))
    .map((key) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }));
  if (added.length > 0) pod.spec = { ...pod.spec, tolerations: [...tolerations, ...added] };
}

/** upstream qos.GetPodQOS, for the status the API server writes on create. */
function qosClass(pod: ApiObject): string {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])] as Array<{ resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> } }>;
  let anySet = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      if (req[r] !== undefined || lim[r] !== undefined) anySet = true;
      if (lim[r] === undefined || (req[r] !== undefined && String(req[r]) !== String(lim[r]))) guaranteed = false;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
