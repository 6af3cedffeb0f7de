// kubectl get events: LAST SEEN TYPE REASON OBJECT MESSAGE
//   [SUBOBJECT SOURCE FIRST SEEN COUNT NAME] (upstream printEvent). Served for core/v1 and
// events.k8s.io/v1 alike: upstream converts both to the internal Event before printing.
import type { Event as CoreEvent } from 'kubernetes-types/core/v1.js';
import type { Event as EventsV1Event } from 'kubernetes-types/events/v1.js';
import * as docs from './docs.ts';
import { parseTime, translateTimestampSince } from './duration.ts';
import { column, nameColumn, nameOf, printer } from './table.ts';

/** The internal-Event view of either API version (Convert_v1_Event_To_core_Event for events.k8s.io). */
export function toCoreEvent(ev: CoreEvent | EventsV1Event): CoreEvent {
  if ('regarding' in ev || 'note' in ev || 'deprecatedSource' in ev || 'deprecatedCount' in ev || ev.apiVersion === 'events.k8s.io/v1') {
    const e = ev as EventsV1Event;
    const core: CoreEvent = {
      metadata: e.metadata ?? {},
      involvedObject: e.regarding ?? {},
      source: e.deprecatedSource,
      message: e.note,
      type: e.type,
      reason: e.reason,
      action: e.action,
      eventTime: e.eventTime,
      firstTimestamp: e.deprecatedFirstTimestamp,
      lastTimestamp: e.deprecatedLastTimestamp,
      count: e.deprecatedCount,
      reportingComponent: e.reportingController,
      reportingInstance: e.reportingInstance,
    };
    if (e.series) core.series = { count: e.series.count, lastObservedTime: e.series.lastObservedTime };
    return core;
  }
  return ev as CoreEvent;
}

const firstNonEmpty = (...ss: (string | undefined)[]) => ss.find((s) => s && s.length > 0) ?? '';

/** formatEventSource: `component, host`, falling back to reportingController / reportingInstance. */
function eventSource(ev: CoreEvent): string {
  const component = firstNonEmpty(ev.source?.component, ev.reportingComponent);
  const instance = firstNonEmpty(ev.source?.host, ev.reportingInstance);
  return instance ? `${component}, ${instance}` : component;
}

export const eventPrinter = printer<CoreEvent | EventsV1Event>({
  columns: [
    column('Last Seen', 'string', docs.event.lastTimestamp),
    column('Type', 'string', docs.event.type),
    column('Reason', 'string', docs.event.reason),
    column('Object', 'string', docs.event.involvedObject),
    column('Subobject', 'string', docs.event.fieldPath, { priority: 1 }),
    column('Source', 'string', docs.event.source, { priority: 1 }),
    column('Message', 'string', docs.event.message),
    column('First Seen', 'string', docs.event.firstTimestamp, { priority: 1 }),
    column('Count', 'string', docs.event.count, { priority: 1 }),
    nameColumn({ priority: 1 }),
  ],
  cells(raw, ctx) {
    const ev = toCoreEvent(raw);
    const since = (ts: string | undefined) => translateTimestampSince(ts, ctx.now);
    const isZero = (ts: string | undefined) => parseTime(ts) === undefined;
    const firstTimestamp = isZero(ev.firstTimestamp) ? since(ev.eventTime) : since(ev.firstTimestamp);
    let lastTimestamp = isZero(ev.lastTimestamp) ? firstTimestamp : since(ev.lastTimestamp);
    let count = ev.count ?? 0;
    if (ev.series) {
      lastTimestamp = since(ev.series.lastObservedTime);
      count = ev.series.count ?? 0;
    } else if (count === 0) {
      count = 1; // singleton events have no count in the new API
    }
    const kind = (ev.involvedObject?.kind ?? '').toLowerCase();
    const target = ev.involvedObject?.name ? `${kind}/${ev.involvedObject.name}` : kind;
    return [
      lastTimestamp,
      ev.type ?? '',
      ev.reason ?? '',
      target,
      ev.involvedObject?.fieldPath ?? '',
      eventSource(ev),
      (ev.message ?? '').trim(),
      firstTimestamp,
      count,
      nameOf(ev),
    ];
  },
});
