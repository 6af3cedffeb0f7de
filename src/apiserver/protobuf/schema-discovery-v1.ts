// k8s.io/api/discovery/v1 (types.go): EndpointSlice. Notation: schema.ts.
// Corner cases: addressType's struct tag says `rep` but it is a plain string on the wire;
// endpoints, ports and addresses have no omitempty (null when empty); every EndpointPort
// field and the conditions are pointers (nil means "unknown" / "all ports").
import type { PackageTable } from './schema.ts';

export const discoveryV1: PackageTable = {
  pkg: 'discovery',
  messages: {
    EndpointSlice: ['metadata 1 ObjectMeta', 'addressType 4 s!', 'endpoints 2 []Endpoint!', 'ports 3 []EndpointPort!'],
    Endpoint: [
      'addresses 1 []s!',
      'conditions 2 EndpointConditions',
      'hostname 3 *s',
      'targetRef 4 *core.ObjectReference',
      'deprecatedTopology 5 map[s]s',
      'nodeName 6 *s',
      'zone 7 *s',
      'hints 8 *EndpointHints',
    ],
    EndpointConditions: ['ready 1 *bool', 'serving 2 *bool', 'terminating 3 *bool'],
    EndpointHints: ['forZones 1 []ForZone', 'forNodes 2 []ForNode'],
    ForZone: ['name 1 s!'],
    ForNode: ['name 1 s!'],
    EndpointPort: ['name 1 *s', 'protocol 2 *s', 'port 3 *i32', 'appProtocol 4 *s'],
  },
};
