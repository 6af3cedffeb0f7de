// kubectl get leases: NAME HOLDER AGE (upstream printLease).
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import * as docs from './docs.ts';
import { age, ageColumn, column, nameColumn, nameOf, printer } from './table.ts';

export const leasePrinter = printer<Lease>({
  columns: [nameColumn(), column('Holder', 'string', docs.lease.holderIdentity), ageColumn()],
  cells: (l, ctx) => [nameOf(l), l.spec?.holderIdentity ?? '', age(l, ctx)],
});
