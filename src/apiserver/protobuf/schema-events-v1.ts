// k8s.io/api/events/v1 (types.go): the events.k8s.io Event. Notation: schema.ts.
// eventTime is a MicroTime value without omitempty (null when zero); series is a pointer.
import type { PackageTable } from './schema.ts';

export const eventsV1: PackageTable = {
  pkg: 'events',
  messages: {
    Event: [
      'metadata 1 ObjectMeta',
      'eventTime 2 MicroTime!',
      'series 3 *EventSeries',
      'reportingController 4 s',
      'reportingInstance 5 s',
      'action 6 s',
      'reason 7 s',
      'regarding 8 core.ObjectReference',
      'related 9 *core.ObjectReference',
      'note 10 s',
      'type 11 s',
      'deprecatedSource 12 core.EventSource',
      'deprecatedFirstTimestamp 13 Time',
      'deprecatedLastTimestamp 14 Time',
      'deprecatedCount 15 i32',
    ],
    EventSeries: ['count 1 i32!', 'lastObservedTime 2 MicroTime!'],
  },
};
