// Which printer serves which kind. Adding a kind is one small printer file plus one line here,
// or a registerPrinter call from wherever the kind is defined (custom kinds added later).
import { defaultPrinter } from './default.ts';
import { deploymentPrinter } from './deployment.ts';
import { endpointSlicePrinter } from './endpointslice.ts';
import { endpointsPrinter } from './endpoints.ts';
import { eventPrinter } from './event.ts';
import { leasePrinter } from './lease.ts';
import { namespacePrinter } from './namespace.ts';
import { nodePrinter } from './node.ts';
import { podPrinter } from './pod.ts';
import { replicaSetPrinter } from './replicaset.ts';
import { servicePrinter } from './service.ts';
import type { Printer } from './table.ts';

export interface GroupKind {
  group: string; // '' for core
  kind: string;
}

const key = (gk: GroupKind) => `${gk.kind}.${gk.group}`;

const printers = new Map<string, Printer>([
  [key({ group: '', kind: 'Pod' }), podPrinter],
  [key({ group: '', kind: 'Service' }), servicePrinter],
  [key({ group: '', kind: 'Endpoints' }), endpointsPrinter],
  [key({ group: '', kind: 'Namespace' }), namespacePrinter],
  [key({ group: '', kind: 'Node' }), nodePrinter],
  [key({ group: '', kind: 'Event' }), eventPrinter],
  [key({ group: 'events.k8s.io', kind: 'Event' }), eventPrinter],
  [key({ group: 'apps', kind: 'Deployment' }), deploymentPrinter],
  [key({ group: 'apps', kind: 'ReplicaSet' }), replicaSetPrinter],
  [key({ group: 'discovery.k8s.io', kind: 'EndpointSlice' }), endpointSlicePrinter],
  [key({ group: 'coordination.k8s.io', kind: 'Lease' }), leasePrinter],
]);

/** Register (or replace) the printer for a kind. */
export function registerPrinter(gk: GroupKind, p: Printer): void {
  printers.set(key(gk), p);
}

/** The printer for a kind; the default Name / Created At table when none is registered. */
export function printerFor(gk: GroupKind): Printer {
  return printers.get(key(gk)) ?? defaultPrinter;
}

/** Whether a kind has its own printer (rather than the default table). */
export function hasPrinter(gk: GroupKind): boolean {
  return printers.has(key(gk));
}
