// Which message decodes which (apiVersion, kind). Everything else is answered 415 by the
// caller: Portico would rather say "send JSON" than guess at an unknown schema.
import { appsV1 } from './schema-apps-v1.ts';
import { coordinationV1 } from './schema-coordination-v1.ts';
import { coreV1 } from './schema-core-v1.ts';
import { discoveryV1 } from './schema-discovery-v1.ts';
import { eventsV1 } from './schema-events-v1.ts';
import { metaV1 } from './schema-meta.ts';
import { SchemaRegistry } from './schema.ts';

/** Every table, parsed and cross-checked once at module load. */
export const schemas = new SchemaRegistry([metaV1, coreV1, appsV1, discoveryV1, eventsV1, coordinationV1]);

const ROOTS: Readonly<Record<string, string>> = {
  'v1/Service': 'core.Service',
  'v1/Namespace': 'core.Namespace',
  'v1/Pod': 'core.Pod',
  'v1/Endpoints': 'core.Endpoints',
  'v1/Node': 'core.Node',
  'v1/Event': 'core.Event',
  'v1/ConfigMap': 'core.ConfigMap',
  'v1/Secret': 'core.Secret',
  'apps/v1/Deployment': 'apps.Deployment',
  'apps/v1/ReplicaSet': 'apps.ReplicaSet',
  'discovery.k8s.io/v1/EndpointSlice': 'discovery.EndpointSlice',
  'events.k8s.io/v1/Event': 'events.Event',
  'coordination.k8s.io/v1/Lease': 'coordination.Lease',
};

/**
 * The message for a kind, or undefined. DeleteOptions is registered in every group version
 * upstream (metav1.AddToGroupVersion), so a typed client may label it with any apiVersion.
 */
export function rootMessageFor(apiVersion: string, kind: string): string | undefined {
  if (kind === 'DeleteOptions') return 'meta.DeleteOptions';
  return ROOTS[`${apiVersion}/${kind}`];
}

/** `apiVersion/Kind` pairs with a schema, for messages and docs. */
export const supportedProtobufKinds = (): string[] => [...Object.keys(ROOTS), '*/DeleteOptions'];
