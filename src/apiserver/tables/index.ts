// Server-side Table rendering (meta.k8s.io/v1 Table), as kube-apiserver answers
// `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. kubectl prints these cells verbatim.
import { resources } from '../../api/resources.ts';
import { printerFor, type GroupKind } from './registry.ts';
import type { PartialObjectMetadata, Table, TableRow } from './table.ts';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface BuildTableOptions {
  /** The clock for AGE and other "since" cells. */
  now: Date;
  /** `?includeObject=`; kubectl sends none and the upstream default is Metadata. */
  includeObject?: IncludeObject;
  /** The list's resourceVersion, or for a single-object GET the object's own. Omitted when undefined/''. */
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
  /** Leave out column definitions (columnDefinitions: []), e.g. for watch events after the first. */
  noHeaders?: boolean;
}

type Obj = { apiVersion?: string; kind?: string; metadata?: Record<string, unknown> } & Record<string, unknown>;

function rowObject(obj: Obj, gk: GroupKind, include: IncludeObject): TableRow['object'] {
  switch (include) {
    case 'None':
      return null;
    case 'Object': {
      if (obj.apiVersion && obj.kind) return obj;
      const ri = resources.find((r) => r.group === gk.group && r.kind === gk.kind);
      const apiVersion = obj.apiVersion ?? (ri ? (ri.group ? `${ri.group}/${ri.version}` : ri.version) : undefined);
      return { ...(apiVersion ? { apiVersion } : {}), kind: obj.kind ?? gk.kind, ...obj };
    }
    case 'Metadata': {
      const partial: PartialObjectMetadata = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { ...(obj.metadata ?? {}) } };
      return partial;
    }
    default:
      throw new Error(`unrecognized includeObject value: "${String(include)}"`);
  }
}

/**
 * Render objects of one kind as a meta.k8s.io/v1 Table: the kind's columns (all of them, wide
 * ones with priority 1, as the server always prints wide), one row per object, and each row's
 * object as PartialObjectMetadata unless includeObject says otherwise. Kinds without a printer
 * get the default Name / Created At table. Throws on an unrecognized includeObject value
 * (upstream answers 400 BadRequest with the same message).
 */
export function buildTable(kind: GroupKind, objects: readonly object[], opts: BuildTableOptions): Table {
  const p = printerFor(kind);
  const include = opts.includeObject ?? 'Metadata';
  const ctx = { now: opts.now };
  const rows: TableRow[] = objects.map((o) => {
    const obj = o as Obj;
    const row: TableRow = { cells: p.cells(obj, ctx), object: null };
    const conditions = p.conditions?.(obj);
    if (conditions && conditions.length > 0) row.conditions = conditions.map((c) => ({ ...c }));
    row.object = rowObject(obj, kind, include);
    return row;
  });
  const metadata: Table['metadata'] = {};
  if (opts.resourceVersion) metadata.resourceVersion = opts.resourceVersion;
  if (opts.continue) metadata.continue = opts.continue;
  if (opts.remainingItemCount != null) metadata.remainingItemCount = opts.remainingItemCount;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: opts.noHeaders ? [] : p.columns.map((c) => ({ ...c })),
    rows,
  };
}

export { humanDuration, shortHumanDuration, translateTimestampSince } from './duration.ts';
export { formatLabels, formatLabelSelector, labelSetString, selectorStringOrInvalid } from './labels.ts';
export { hasPrinter, printerFor, registerPrinter, type GroupKind } from './registry.ts';
export { age, ageColumn, column, containerCells, nameColumn, printer } from './table.ts';
export type { Cell, PartialObjectMetadata, PrintContext, Printer, Table, TableColumnDefinition, TableRow, TableRowCondition } from './table.ts';
export { podSummary } from './pod.ts';
