// Event validation (pkg/apis/core/validation/events.go). Both core/v1 and events.k8s.io/v1
// Events are one internal type upstream, so error paths use the core field names
// (involvedObject, message, reportingController) whichever API the client used; the one
// exception upstream makes is `reportingComponent` for core/v1 requests.
import { invalid, required, type FieldError, FieldPath } from '../field.ts';
import { isDNS1123Subdomain, isQualifiedName } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './objectmeta.ts';
import { deepEqual, isSet, num, obj, str, validateImmutableField, type Obj } from './util.ts';

const ReportingInstanceLengthLimit = 128;
const ActionLengthLimit = 128;
const ReasonLengthLimit = 128;
const NoteLengthLimit = 1024;

export type EventAPIVersion = 'v1' | 'events.k8s.io/v1';

/** events.k8s.io/v1 JSON → the core (internal) field names validation works on. */
export function eventToCore(ev: unknown, apiVersion: EventAPIVersion): Obj {
  const e = obj(ev);
  if (apiVersion === 'v1') return e;
  return {
    metadata: e['metadata'],
    involvedObject: e['regarding'],
    related: e['related'],
    reason: e['reason'],
    message: e['note'],
    source: e['deprecatedSource'],
    firstTimestamp: e['deprecatedFirstTimestamp'],
    lastTimestamp: e['deprecatedLastTimestamp'],
    count: e['deprecatedCount'],
    type: e['type'],
    eventTime: e['eventTime'],
    series: e['series'],
    action: e['action'],
    reportingController: e['reportingController'],
    reportingInstance: e['reportingInstance'],
  };
}

function legacyValidateEvent(e: Obj, apiVersion: EventAPIVersion): FieldError[] {
  const errs: FieldError[] = [];
  const namespace = str(obj(e['metadata'])['namespace']);
  const involvedNs = str(obj(e['involvedObject'])['namespace']);
  const reportingControllerField = apiVersion === 'v1' ? 'reportingComponent' : 'reportingController';
  if (!str(e['eventTime'])) {
    // Old-style events: the event lives in its object's namespace ("default" allowed for cluster-scoped objects).
    if (!involvedNs) {
      if (namespace !== '' && namespace !== 'default') errs.push(invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
    } else if (namespace !== involvedNs) {
      errs.push(invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
    }
  } else {
    if (!involvedNs && namespace !== 'default' && namespace !== 'kube-system') errs.push(invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
    const rc = str(e['reportingController']);
    if (!rc) errs.push(required(reportingControllerField));
    for (const m of isQualifiedName(rc)) errs.push(invalid(reportingControllerField, rc, m));
    const ri = str(e['reportingInstance']);
    if (!ri) errs.push(required('reportingInstance'));
    if (ri.length > ReportingInstanceLengthLimit) errs.push(invalid('reportingInstance', '', `can have at most ${ReportingInstanceLengthLimit} characters`));
    const action = str(e['action']);
    if (!action) errs.push(required('action'));
    if (action.length > ActionLengthLimit) errs.push(invalid('action', '', `can have at most ${ActionLengthLimit} characters`));
    const reason = str(e['reason']);
    if (!reason) errs.push(required('reason'));
    if (reason.length > ReasonLengthLimit) errs.push(invalid('reason', '', `can have at most ${ReasonLengthLimit} characters`));
    if (str(e['message']).length > NoteLengthLimit) errs.push(invalid('message', '', `can have at most ${NoteLengthLimit} characters`));
  }
  for (const m of isDNS1123Subdomain(namespace)) errs.push(invalid('namespace', namespace, m));
  return errs;
}

function validateSeries(e: Obj): FieldError[] {
  if (!isSet(e['series'])) return [];
  const s = obj(e['series']);
  const errs: FieldError[] = [];
  if (num(s['count']) < 2) errs.push(invalid('series.count', '', 'should be at least 2'));
  if (!str(s['lastObservedTime'])) errs.push(required('series.lastObservedTime'));
  return errs;
}

/** ValidateEventCreate: core/v1 gets only the legacy checks, events.k8s.io/v1 the strict ones too. */
export function validateEvent(event: unknown, apiVersion: EventAPIVersion = 'v1'): FieldError[] {
  const e = eventToCore(event, apiVersion);
  const errs = legacyValidateEvent(e, apiVersion);
  if (apiVersion === 'v1') return errs;
  errs.push(...validateObjectMeta(e['metadata'], { namespaced: true, nameValidator: 'subdomain' }, new FieldPath('metadata')));
  errs.push(...validateSeries(e));
  if (!str(e['eventTime'])) errs.push(required('eventTime'));
  const type = str(e['type']);
  if (type !== 'Normal' && type !== 'Warning') errs.push(invalid('type', '', `has invalid value: ${type}`));
  if (str(e['firstTimestamp'])) errs.push(invalid('firstTimestamp', '', 'needs to be unset'));
  if (str(e['lastTimestamp'])) errs.push(invalid('lastTimestamp', '', 'needs to be unset'));
  if (num(e['count']) !== 0) errs.push(invalid('count', '', 'needs to be unset'));
  const src = obj(e['source']);
  if (str(src['component']) || str(src['host'])) errs.push(invalid('source', '', 'needs to be unset'));
  return errs;
}

export function validateEventUpdate(newEvent: unknown, oldEvent: unknown, apiVersion: EventAPIVersion = 'v1'): FieldError[] {
  const n = eventToCore(newEvent, apiVersion), o = eventToCore(oldEvent, apiVersion);
  const errs = legacyValidateEvent(n, apiVersion);
  if (apiVersion === 'v1') return errs;
  errs.push(...validateObjectMetaUpdate(n['metadata'], o['metadata']));
  if (!deepEqual(n['series'], o['series'])) errs.push(...validateSeries(n));
  for (const f of ['involvedObject', 'reason', 'message', 'source', 'eventTime', 'action', 'related', 'reportingController', 'reportingInstance', 'type']) {
    errs.push(...validateImmutableField(n[f], o[f], new FieldPath(f)));
  }
  return errs;
}
