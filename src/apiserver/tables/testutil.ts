// Helpers for the table tests: one clock, and the cells of a single-object table.
import { buildTable, type GroupKind } from './index.ts';

export const now = new Date('2024-05-01T12:00:00Z');
/** An RFC3339 timestamp `secondsAgo` before `now`. */
export const ago = (secondsAgo: number) => new Date(now.getTime() - secondsAgo * 1000).toISOString().replace('.000Z', 'Z');

export function cells(kind: GroupKind, obj: object) {
  const t = buildTable(kind, [obj], { now });
  const row = t.rows[0];
  if (!row) throw new Error('no row');
  return row.cells;
}

/** The cells kubectl shows without -o wide (columns with priority 0). */
export function narrow(kind: GroupKind, obj: object) {
  const t = buildTable(kind, [obj], { now });
  return t.rows[0]!.cells.filter((_, i) => t.columnDefinitions[i]!.priority === 0);
}
