// The table for kinds without a printer (apiserver rest.DefaultTableConvertor): Name, Created At.
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import * as docs from './docs.ts';
import { column, nameColumn, nameOf, printer } from './table.ts';
import { parseTime } from './duration.ts';

/** Go's time.RFC3339 of the UTC time, second precision; the zero time is 0001-01-01T00:00:00Z. */
export function rfc3339(ts: string | null | undefined): string {
  const t = parseTime(ts);
  if (t === undefined) return '0001-01-01T00:00:00Z';
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export const defaultPrinter = printer<{ metadata?: ObjectMeta }>({
  columns: [nameColumn(), column('Created At', 'date', docs.objectMeta.creationTimestamp)],
  cells: (obj) => [nameOf(obj), rfc3339(obj.metadata?.creationTimestamp)],
});
