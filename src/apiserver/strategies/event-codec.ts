// events.k8s.io/v1 and core/v1 Events are one stored object seen two ways, as upstream
// stores them once and converts. Stored form: core/v1.

import type { ApiObject } from '../registry/object.ts';

const put = (o: Record<string, any>, k: string, v: unknown) => {
  if (v !== undefined && v !== null && v !== '') o[k] = v;
};

export function coreEventFromEventsV1(e: ApiObject): ApiObject {
  const out: Record<string, any> = { apiVersion: 'v1', kind: 'Event', metadata: e.metadata };
  put(out, 'involvedObject', e.regarding ?? {});
  put(out, 'related', e.related);
  put(out, 'reason', e.reason);
  put(out, 'message', e.note);
  put(out, 'type', e.type);
  put(out, 'action', e.action);
  put(out, 'eventTime', e.eventTime);
  put(out, 'series', e.series && { count: e.series.count, lastObservedTime: e.series.lastObservedTime });
  put(out, 'reportingComponent', e.reportingController);
  put(out, 'reportingInstance', e.reportingInstance);
  put(out, 'source', e.deprecatedSource ?? {});
  put(out, 'firstTimestamp', e.deprecatedFirstTimestamp);
  put(out, 'lastTimestamp', e.deprecatedLastTimestamp);
  put(out, 'count', e.deprecatedCount);
  return out as ApiObject;
}

export function eventsV1FromCoreEvent(e: ApiObject): ApiObject {
  const out: Record<string, any> = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: e.metadata };
  put(out, 'eventTime', e.eventTime ?? null);
  if (out.eventTime === undefined) out.eventTime = null;
  put(out, 'series', e.series);
  // Copied as is (autoConvert_core_Event_To_v1_Event); the legacy source stays in deprecatedSource.
  put(out, 'reportingController', e.reportingComponent);
  put(out, 'reportingInstance', e.reportingInstance);
  put(out, 'action', e.action);
  put(out, 'reason', e.reason);
  put(out, 'regarding', e.involvedObject);
  put(out, 'related', e.related);
  put(out, 'note', e.message);
  put(out, 'type', e.type);
  if (e.source && Object.keys(e.source).length > 0) out.deprecatedSource = e.source;
  put(out, 'deprecatedFirstTimestamp', e.firstTimestamp);
  put(out, 'deprecatedLastTimestamp', e.lastTimestamp);
  put(out, 'deprecatedCount', e.count);
  return out as ApiObject;
}

export const eventsV1Codec = { toStorage: coreEventFromEventsV1, fromStorage: eventsV1FromCoreEvent };
