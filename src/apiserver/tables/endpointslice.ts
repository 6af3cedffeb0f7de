// kubectl get endpointslices: NAME ADDRESSTYPE PORTS ENDPOINTS AGE (upstream printEndpointSlice).
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import * as docs from './docs.ts';
import { age, ageColumn, column, nameColumn, nameOf, printer } from './table.ts';

const max = 3;

/** listWithMoreString: `a,b,c + N more...`, or `<unset>` for an empty list. */
function listWithMore(list: string[], more: boolean, count: number): string {
  const ret = list.join(',');
  if (more) return `${ret} + ${count - max} more...`;
  return ret === '' ? '<unset>' : ret;
}

/** formatDiscoveryPorts: port numbers, else the port name, else `*`. */
export function formatDiscoveryPorts(ports: readonly EndpointPort[] | undefined): string {
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const p of ports ?? []) {
    if (list.length < max) list.push(p.port != null ? String(p.port) : (p.name ?? '*'));
    else if (list.length === max) more = true;
    count++;
  }
  return listWithMore(list, more, count);
}

/** formatDiscoveryEndpoints: every address of every endpoint (ready or not). */
export function formatDiscoveryEndpoints(endpoints: readonly Endpoint[] | undefined): string {
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const ep of endpoints ?? []) {
    for (const address of ep.addresses ?? []) {
      if (list.length < max) list.push(address);
      else if (list.length === max) more = true;
      count++;
    }
  }
  return listWithMore(list, more, count);
}

export const endpointSlicePrinter = printer<EndpointSlice>({
  columns: [
    nameColumn(),
    column('AddressType', 'string', docs.endpointSlice.addressType),
    column('Ports', 'string', docs.endpointSlice.ports),
    column('Endpoints', 'string', docs.endpointSlice.endpoints),
    ageColumn(),
  ],
  cells: (s, ctx) => [nameOf(s), s.addressType ?? '', formatDiscoveryPorts(s.ports), formatDiscoveryEndpoints(s.endpoints), age(s, ctx)],
});
