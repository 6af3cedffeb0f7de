// kubectl get endpoints: NAME ENDPOINTS AGE (upstream printEndpoints / formatEndpoints).
import type { Endpoints } from 'kubernetes-types/core/v1.js';
import * as docs from './docs.ts';
import { age, ageColumn, column, nameColumn, nameOf, printer } from './table.ts';

/** net.JoinHostPort: IPv6 hosts in brackets. */
const joinHostPort = (host: string, port: number) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** formatEndpoints: the first 3 ready `ip:port` (or bare ip for port-less subsets), then ` + N more...`. */
export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      // headless services may have no ports
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(a.ip, port.port));
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

export const endpointsPrinter = printer<Endpoints>({
  columns: [nameColumn(), column('Endpoints', 'string', docs.endpoints.subsets), ageColumn()],
  cells: (ep, ctx) => [nameOf(ep), formatEndpoints(ep), age(ep, ctx)],
});
