// Field selectors each kind supports beyond metadata.name / metadata.namespace,
// as upstream's <kind>ToSelectableFields functions define them.
import type { ApiObject } from '../registry/object.ts';
import type { FieldGetter } from '../registry/strategy.ts';

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

export const podFields: Record<string, FieldGetter> = {
  'spec.nodeName': (o) => str(o.spec?.nodeName),
  'spec.restartPolicy': (o) => str(o.spec?.restartPolicy),
  'spec.schedulerName': (o) => str(o.spec?.schedulerName),
  'spec.serviceAccountName': (o) => str(o.spec?.serviceAccountName),
  'spec.hostNetwork': (o) => String(o.spec?.hostNetwork === true),
  'status.phase': (o) => str(o.status?.phase),
  'status.podIP': (o) => str(o.status?.podIPs?.[0]?.ip ?? o.status?.podIP),
  'status.nominatedNodeName': (o) => str(o.status?.nominatedNodeName),
};

export const eventFields: Record<string, FieldGetter> = {
  'involvedObject.kind': (o) => str(o.involvedObject?.kind),
  'involvedObject.namespace': (o) => str(o.involvedObject?.namespace),
  'involvedObject.name': (o) => str(o.involvedObject?.name),
  'involvedObject.uid': (o) => str(o.involvedObject?.uid),
  'involvedObject.apiVersion': (o) => str(o.involvedObject?.apiVersion),
  'involvedObject.resourceVersion': (o) => str(o.involvedObject?.resourceVersion),
  'involvedObject.fieldPath': (o) => str(o.involvedObject?.fieldPath),
  reason: (o) => str(o.reason),
  reportingComponent: (o) => str(o.reportingComponent),
  source: (o) => str(o.source?.component),
  type: (o) => str(o.type),
};

/** events.k8s.io/v1 names the same fields after its own shape. */
export const eventsV1Fields: Record<string, FieldGetter> = {
  'regarding.kind': (o) => str(o.regarding?.kind),
  'regarding.namespace': (o) => str(o.regarding?.namespace),
  'regarding.name': (o) => str(o.regarding?.name),
  'regarding.uid': (o) => str(o.regarding?.uid),
  'regarding.apiVersion': (o) => str(o.regarding?.apiVersion),
  'regarding.resourceVersion': (o) => str(o.regarding?.resourceVersion),
  'regarding.fieldPath': (o) => str(o.regarding?.fieldPath),
  reason: (o) => str(o.reason),
  reportingController: (o) => str(o.reportingController),
  type: (o) => str(o.type),
};

export const namespaceFields: Record<string, FieldGetter> = {
  'status.phase': (o) => str(o.status?.phase),
};

export const nodeFields: Record<string, FieldGetter> = {
  'spec.unschedulable': (o) => String(o.spec?.unschedulable === true),
};

export const serviceFields: Record<string, FieldGetter> = {
  'spec.clusterIP': (o) => str(o.spec?.clusterIP),
  'spec.type': (o) => str(o.spec?.type),
};

export const replicaSetFields: Record<string, FieldGetter> = {
  'status.replicas': (o: ApiObject) => str(o.status?.replicas ?? 0),
};
