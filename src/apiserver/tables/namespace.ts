// kubectl get ns: NAME STATUS AGE (upstream printNamespace).
import type { Namespace } from 'kubernetes-types/core/v1.js';
import { age, ageColumn, column, nameColumn, nameOf, printer } from './table.ts';

export const namespacePrinter = printer<Namespace>({
  columns: [nameColumn(), column('Status', 'string', 'The status of the namespace'), ageColumn()],
  cells: (ns, ctx) => [nameOf(ns), ns.status?.phase ?? '', age(ns, ctx)],
});
