// The meta.k8s.io/v1 Table shape and the pieces every printer shares.
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import * as docs from './docs.ts';
import { translateTimestampSince } from './duration.ts';

/** A cell as upstream emits it: strings, int64 counts (JSON numbers), booleans. */
export type Cell = string | number | boolean | null;

export interface TableColumnDefinition {
  name: string;
  type: string; // string | integer | number | boolean | date
  format: string; // '' or 'name' (and the like)
  description: string;
  priority: number; // 0: always shown; 1: only with -o wide
}

export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ObjectMeta;
}

export interface TableRow {
  cells: Cell[];
  conditions?: TableRowCondition[];
  /** PartialObjectMetadata (default), the full object (includeObject=Object), or null (None). */
  object: PartialObjectMetadata | Record<string, unknown> | null;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

export interface PrintContext {
  now: Date;
}

/** A printer for one kind: its columns and how one object becomes one row. */
export interface Printer<T = any> {
  columns: readonly TableColumnDefinition[];
  cells(obj: T, ctx: PrintContext): Cell[];
  /** Row conditions (upstream sets `Completed` on finished pods). */
  conditions?(obj: T): TableRowCondition[] | undefined;
}

/** Declare a printer with its object type checked. */
export function printer<T>(p: Printer<T>): Printer<T> {
  return p;
}

/** A column definition; `format` and `priority` default to '' and 0 as in upstream's Go literals. */
export function column(name: string, type: string, description: string, opts: { format?: string; priority?: number } = {}): TableColumnDefinition {
  return { name, type, format: opts.format ?? '', description, priority: opts.priority ?? 0 };
}

export const nameColumn = (opts: { priority?: number } = {}) => column('Name', 'string', docs.objectMeta.name, { format: 'name', ...opts });
export const ageColumn = () => column('Age', 'string', docs.objectMeta.creationTimestamp);

/** The AGE cell: HumanDuration since metadata.creationTimestamp, `<unknown>` when unset. */
export const age = (obj: { metadata?: ObjectMeta }, ctx: PrintContext) => translateTimestampSince(obj.metadata?.creationTimestamp, ctx.now);
export const nameOf = (obj: { metadata?: ObjectMeta }) => obj.metadata?.name ?? '';

/** layoutContainerCells: container names and images, each joined by `,`. */
export function containerCells(containers: readonly { name: string; image?: string }[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}
