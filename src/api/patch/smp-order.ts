/**
 * @module Element order of merged lists, ported from strategicpatch (normalizeElementOrder,
 * mergeSortedSlice, partition*). The rule (design "preserve order in SMP"): items named by the
 * patch (or by `$setElementOrder`) come in that order; items only the server has keep their
 * live order; the two are interleaved so that a server-only item stays before a patch item it
 * preceded in the live list.
 */
import { isJsonObject, type JsonObject, type JsonValue } from './json-value.ts';
import { deleteDirective, directiveMarker, errBadArgType, errNoMergeKey, goMapType, otherError } from './smp-directives.ts';

/** Whether list items are objects (merged by key) or scalars (merged as a set). */
export type ElementKind = 'map' | 'scalar';

/** Go's interface equality for the scalars JSON decodes to; objects are never equal. */
const sameScalar = (a: unknown, b: unknown) => a === b && (typeof a !== 'object' || a === null);

/** index(): position of an item in `list`, comparing merge-key values for maps. */
function indexIn(list: readonly JsonValue[], item: JsonValue, mergeKey: string, kind: ElementKind): number {
  const valueOf = (x: JsonValue): unknown => (kind === 'map' ? (isJsonObject(x) ? (x[mergeKey] ?? null) : null) : x);
  const want = valueOf(item);
  return list.findIndex((x) => sameScalar(valueOf(x), want));
}

/** findMapInSliceBasedOnKeyValue. */
export function findByMergeKey(list: readonly JsonValue[], key: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const item = list[i]!;
    if (!isJsonObject(item)) throw otherError(`value for key ${i} is not a map`);
    if (Object.hasOwn(item, key) && sameScalar(item[key], value)) return i;
  }
  return -1;
}

function validateMergeKeyInLists(mergeKey: string, ...lists: (readonly JsonValue[])[]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isJsonObject(item)) throw errBadArgType(goMapType, item);
      if (!Object.hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    }
  }
}

/** extractToDeleteItems: items carrying `$patch: delete` go last. */
export function splitDeleteItems(list: readonly JsonValue[]): { keep: JsonValue[]; toDelete: JsonValue[] } {
  const keep: JsonValue[] = [];
  const toDelete: JsonValue[] = [];
  for (const v of list) {
    if (!isJsonObject(v)) throw errBadArgType(goMapType, v);
    if (Object.hasOwn(v, directiveMarker) && v[directiveMarker] === deleteDirective) toDelete.push(v);
    else keep.push(v);
  }
  return { keep, toDelete };
}

/** normalizeSliceOrder: a stable sort of `toSort` by position in `order`. */
function normalizeSliceOrder(toSort: readonly JsonValue[], order: readonly JsonValue[], mergeKey: string, kind: ElementKind): JsonValue[] {
  let items = [...toSort];
  let toDelete: JsonValue[] = [];
  if (kind === 'map') {
    validateMergeKeyInLists(mergeKey, toSort, order);
    ({ keep: items, toDelete } = splitDeleteItems(items));
  }
  // Upstream's comparator treats an item missing from `order` as smaller than anything; in
  // every path that reaches here all items are present, so a plain stable sort is equivalent.
  const pos = items.map((x) => indexIn(order, x, mergeKey, kind));
  const sorted = items.map((x, i) => ({ x, p: pos[i]! })).sort((a, b) => (a.p >= 0 && b.p >= 0 ? a.p - b.p : 0));
  return [...sorted.map((e) => e.x), ...toDelete];
}

/** mergeSortedSlice: interleaves server-only items (left) into patch items (right). */
function mergeSortedSlice(left: JsonValue[], right: JsonValue[], serverOrder: readonly JsonValue[], mergeKey: string, kind: ElementKind): JsonValue[] {
  const out: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]!);
    else if (j >= right.length) out.push(left[i++]!);
    else {
      const li = indexIn(serverOrder, left[i]!, mergeKey, kind);
      const ri = indexIn(serverOrder, right[j]!, mergeKey, kind);
      // A server-only item goes first only when both are in the live list and it was first.
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]!);
      else out.push(right[j++]!);
    }
  }
  return out;
}

export function normalizeElementOrder(
  patch: readonly JsonValue[],
  serverOnly: readonly JsonValue[],
  patchOrder: readonly JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): JsonValue[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

/** partitionPrimitivesByPresentInList. */
export function partitionPrimitives(list: readonly JsonValue[], by: readonly JsonValue[]): { inPatch: JsonValue[]; serverOnly: JsonValue[] } {
  const present = new Set(by);
  const inPatch: JsonValue[] = [];
  const serverOnly: JsonValue[] = [];
  for (const v of list) (present.has(v) ? inPatch : serverOnly).push(v);
  return { inPatch, serverOnly };
}

/** partitionMapsByPresentInList. */
export function partitionMaps(list: readonly JsonValue[], by: readonly JsonValue[], mergeKey: string): { inPatch: JsonValue[]; serverOnly: JsonValue[] } {
  const inPatch: JsonValue[] = [];
  const serverOnly: JsonValue[] = [];
  for (const v of list) {
    if (!isJsonObject(v)) throw errBadArgType(goMapType, v);
    if (!Object.hasOwn(v, mergeKey)) throw errNoMergeKey(v as JsonObject, mergeKey);
    (findByMergeKey(by, mergeKey, v[mergeKey]) >= 0 ? inPatch : serverOnly).push(v);
  }
  return { inPatch, serverOnly };
}
