/**
 * @module Strategic merge patch (`application/strategic-merge-patch+json`), the server-side
 * half of apimachinery strategicpatch (`StrategicMergeMapPatch` with MergeParallelList and
 * IgnoreUnmatchedNulls), ported function by function so results and errors match:
 * - maps merge recursively; `null` deletes a key; strategy `replace` replaces a map;
 * - `$patch: replace | delete` on a map replaces it / empties it;
 * - lists with strategy `merge` and a merge key merge item by item (`$patch: delete` items
 *   remove every live item with that key, a `{"$patch": "replace"}` item replaces the list,
 *   `$patch: merge` is rejected); lists of scalars with strategy `merge` are unions, and
 *   `$deleteFromPrimitiveList/<list>` removes values; other lists are replaced;
 * - `$setElementOrder/<list>` fixes the order of the merged list;
 * - `$retainKeys` clears keys the list does not name (strategy `retainKeys` fields).
 * Fields the schema does not know get no strategy (maps merge, lists replace).
 * Neither input is mutated.
 */
import { ApiError } from '../errors.ts';
import { goFormatValue, goTypeName } from './go-format.ts';
import { cloneJson, isJsonObject, type JsonObject, type JsonValue } from './json-value.ts';
import { unknownPatchMeta, type PatchMeta } from './patch-meta.ts';
import {
  deleteDirective,
  deleteFromPrimitiveListPrefix,
  directiveMarker,
  errBadArgType,
  errBadPatchFormatForRetainKeys,
  errBadPatchType,
  errNoListOfLists,
  errNoMergeKey,
  extractKey,
  goSliceType,
  mergeDirective,
  newContent,
  otherError,
  replaceDirective,
  retainKeysDirective,
  retainKeysStrategy,
  setElementOrderPrefix,
  stripDirectiveKeys,
} from './smp-directives.ts';
import { findByMergeKey, normalizeElementOrder, partitionMaps, partitionPrimitives, splitDeleteItems, type ElementKind } from './smp-order.ts';

interface FieldInfo {
  meta: PatchMeta;
  strategies: string[];
  mergeKey: string;
}

function lookup(meta: PatchMeta, key: string): FieldInfo {
  const f = meta.lookup(key);
  if (!f) return { meta: unknownPatchMeta, strategies: [], mergeKey: '' };
  return { meta: f.meta, strategies: f.patchStrategy ? f.patchStrategy.split(',') : [], mergeKey: f.patchMergeKey ?? '' };
}

/** extractRetainKeysPatchStrategy: "retainKeys" may accompany one other strategy. */
function patchStrategyOf(strategies: readonly string[]): string {
  if (strategies.length === 0) return '';
  if (strategies.length === 1) return strategies[0] === retainKeysStrategy ? '' : strategies[0]!;
  if (strategies.length === 2) {
    if (strategies[0] === retainKeysStrategy) return strategies[1]!;
    if (strategies[1] === retainKeysStrategy) return strategies[0]!;
  }
  throw otherError(`unexpected patch strategy: ${goFormatValue(strategies)}`);
}

/**
 * Applies a strategic merge patch. Errors are ApiErrors as kube-apiserver returns them:
 * 400 for malformed directives, 422 for lists of lists, 500 (empty reason) otherwise.
 */
export function applyStrategicMergePatch(target: unknown, patch: unknown, meta: PatchMeta): JsonObject {
  if (!isJsonObject(patch)) {
    throw ApiError.badRequest(`json: cannot unmarshal ${Array.isArray(patch) ? 'array' : patch === null ? 'null' : typeof patch} into Go value of type map[string]interface {}`);
  }
  const original = isJsonObject(target) ? cloneJson(target) : {};
  return mergeMap(original, cloneJson(patch), meta);
}

function mergeMap(original: JsonObject, patch: JsonObject, meta: PatchMeta): JsonObject {
  if (Object.hasOwn(patch, directiveMarker)) return handleDirectiveInMergeMap(patch[directiveMarker], patch);
  applyRetainKeysDirective(original, patch);
  mergePatchIntoOriginal(original, patch, meta);

  for (const [patchKey, patchV] of Object.entries(patch)) {
    let k = patchKey;
    let isDeleteList = false;
    if (patchKey.startsWith(deleteFromPrimitiveListPrefix)) {
      k = extractKey(patchKey, deleteFromPrimitiveListPrefix);
      isDeleteList = true;
    }
    if (patchV === null) {
      delete original[k];
      continue;
    }
    if (!Object.hasOwn(original, k) || goTypeName(original[k]) !== goTypeName(patchV)) {
      // Nothing to merge with: take the patch value (a deletion list has nothing to delete).
      if (!isDeleteList) setNewContent(original, k, patchV);
      continue;
    }
    const current = original[k]!;
    const info = lookup(meta, k);
    const strategy = patchStrategyOf(info.strategies);
    if (isJsonObject(current)) {
      original[k] = strategy === replaceDirective ? stripDirectiveKeys(patchV as JsonObject) : mergeMap(current, patchV as JsonObject, info.meta);
    } else if (Array.isArray(current)) {
      original[k] = mergeSliceHandler(current, patchV as JsonValue[], info.meta, strategy, info.mergeKey, isDeleteList);
    } else {
      setNewContent(original, k, patchV);
    }
  }
  return original;
}

function setNewContent(original: JsonObject, k: string, v: JsonValue): void {
  const kept = newContent(v);
  if (kept === undefined) delete original[k];
  else original[k] = kept;
}

function handleDirectiveInMergeMap(directive: JsonValue | undefined, patch: JsonObject): JsonObject {
  if (directive === replaceDirective) {
    delete patch[directiveMarker];
    return stripDirectiveKeys(patch);
  }
  if (directive === deleteDirective) return {};
  throw errBadPatchType(directive, patch);
}

function applyRetainKeysDirective(original: JsonObject, patch: JsonObject): void {
  if (!Object.hasOwn(patch, retainKeysDirective)) return;
  const retainKeys = patch[retainKeysDirective];
  delete patch[retainKeysDirective];
  if (!Array.isArray(retainKeys)) throw errBadPatchFormatForRetainKeys();
  const keep = new Set<unknown>(retainKeys);
  // Everything the patch sets must be among the retained keys.
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(deleteFromPrimitiveListPrefix) || k.startsWith(setElementOrderPrefix)) continue;
    if (!keep.has(k)) throw errBadPatchFormatForRetainKeys();
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/** Processes every `$setElementOrder/<list>` together with `<list>`, and removes both from the patch. */
function mergePatchIntoOriginal(original: JsonObject, patch: JsonObject, meta: PatchMeta): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(setElementOrderPrefix) || !Object.hasOwn(patch, key)) continue;
    const setOrder = patch[key];
    delete patch[key];
    if (!Array.isArray(setOrder)) throw errBadArgType(goSliceType, setOrder);
    const listKey = extractKey(key, setElementOrderPrefix);

    const foundOriginal = Object.hasOwn(original, listKey);
    const foundPatch = Object.hasOwn(patch, listKey);
    const originalList = foundOriginal ? original[listKey] : undefined;
    const patchList = foundPatch ? patch[listKey] : undefined;
    if (foundOriginal && !Array.isArray(originalList)) throw errBadArgType(goSliceType, originalList);
    if (foundPatch && !Array.isArray(patchList)) throw errBadArgType(goSliceType, patchList);
    const originalItems = (originalList ?? []) as JsonValue[];
    const patchItems = (patchList ?? []) as JsonValue[];

    const info = lookup(meta, listKey);
    const strategy = patchStrategyOf(info.strategies);
    validatePatchWithSetOrderList(patchItems, setOrder, info.mergeKey);

    let merged: JsonValue[];
    if (foundOriginal && !foundPatch) merged = originalItems;
    else if (!foundOriginal && foundPatch) merged = newContent(patchItems) as JsonValue[];
    else if (foundOriginal && foundPatch) merged = mergeSliceHandler(originalItems, patchItems, info.meta, strategy, info.mergeKey, false);
    else continue;

    const parts = info.mergeKey ? partitionMaps(merged, setOrder, info.mergeKey) : partitionPrimitives(merged, setOrder);
    // The kind comes from the lists as sent, before merging: two empty lists are an error.
    const kind = sliceElementKind(originalItems, patchItems);
    original[listKey] = normalizeElementOrder(parts.inPatch, parts.serverOnly, setOrder, originalItems, info.mergeKey, kind);
    delete patch[listKey];
  }
}

/**
 * validatePatchWithSetOrderList: the patch's items (deletions and other directive items aside)
 * must appear in `$setElementOrder` in the same relative order.
 */
function validatePatchWithSetOrderList(patchList: JsonValue[], setOrder: JsonValue[], mergeKey: string): void {
  if (setOrder.length === 0 || patchList.length === 0) return;
  const items = mergeKey ? splitDeleteItems(patchList).keep : patchList;
  let p = 0;
  let s = 0;
  while (p < items.length && s < setOrder.length) {
    if (isJsonObject(items[p]) && Object.hasOwn(items[p] as JsonObject, directiveMarker)) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(items[p]!, setOrder[s]!, mergeKey)) p++;
    s++;
  }
  if (p < items.length && s >= setOrder.length) {
    throw otherError(`the order in patch list:\n${goFormatValue(patchList)}\n doesn't match ${setElementOrderPrefix} list:\n${goFormatValue(setOrder)}`);
  }
}

function mergeKeyValueEqual(left: JsonValue, right: JsonValue, mergeKey: string): boolean {
  if (!mergeKey) return left === right && (typeof left !== 'object' || left === null);
  if (!isJsonObject(left)) throw errBadArgType('map[string]interface {}', left);
  if (!isJsonObject(right)) throw errBadArgType('map[string]interface {}', right);
  if (!Object.hasOwn(left, mergeKey)) throw errNoMergeKey(left, mergeKey);
  if (!Object.hasOwn(right, mergeKey)) throw errNoMergeKey(right, mergeKey);
  const a = left[mergeKey];
  return a === right[mergeKey] && (typeof a !== 'object' || a === null);
}

function mergeSliceHandler(
  original: JsonValue[],
  patch: JsonValue[],
  itemMeta: PatchMeta,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
): JsonValue[] {
  // A deletion list deletes whatever the field's strategy (fixed upstream after 1.32, where a
  // deletion list on a non-merge list replaced the list with the values to delete).
  if (strategy === mergeDirective || isDeleteList) return mergeSlice(original, patch, itemMeta, mergeKey, isDeleteList);
  return stripDirectiveKeys(patch);
}

/** sliceElementType: all items of all lists share one type, which is not a list. */
function sliceElementKind(...lists: JsonValue[][]): ElementKind {
  let prev: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      const t = goTypeName(v);
      if (prev === undefined) {
        prev = t;
        if (Array.isArray(v)) throw errNoListOfLists();
      } else if (prev !== t) {
        throw otherError(`list element types are not identical: ${goFormatValue(lists)}`);
      }
    }
  }
  if (prev === undefined) throw otherError('no elements in any of the given slices');
  return prev === 'map[string]interface {}' ? 'map' : 'scalar';
}

function mergeSlice(original: JsonValue[], patch: JsonValue[], itemMeta: PatchMeta, mergeKey: string, isDeleteList: boolean): JsonValue[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);
  let merged: JsonValue[];
  if (kind !== 'map') {
    if (isDeleteList) return deleteFromSlice(original, patch);
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    // Go reports the element's kind here; for the API's lists of objects that is "struct".
    if (!mergeKey) throw otherError('cannot merge lists without merge key for struct');
    ({ original, patch } = mergeSliceWithSpecialElements(original, patch, mergeKey));
    merged = mergeSliceWithoutSpecialElements(original, patch, mergeKey, itemMeta);
  }
  const parts = mergeKey ? partitionMaps(merged, patch, mergeKey) : partitionPrimitives(merged, patch);
  return normalizeElementOrder(parts.inPatch, parts.serverOnly, patch, original, mergeKey, kind);
}

/** Applies `$patch` items: deletions now, and a replace marker makes the patch the whole list. */
function mergeSliceWithSpecialElements(original: JsonValue[], patch: JsonValue[], mergeKey: string): { original: JsonValue[]; patch: JsonValue[] } {
  const plain: JsonValue[] = [];
  let replace = false;
  for (const v of patch) {
    const item = v as JsonObject;
    if (!Object.hasOwn(item, directiveMarker)) {
      plain.push(v);
      continue;
    }
    const directive = item[directiveMarker];
    if (directive === deleteDirective) {
      if (!Object.hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
      for (let i = findByMergeKey(original, mergeKey, item[mergeKey]); i >= 0; i = findByMergeKey(original, mergeKey, item[mergeKey])) {
        original.splice(i, 1);
      }
    } else if (directive === replaceDirective) {
      replace = true; // keep going: other `$patch` items are still pruned
    } else if (directive === mergeDirective) {
      throw otherError('merging lists cannot yet be specified in the patch');
    } else {
      throw errBadPatchType(directive, item);
    }
  }
  if (replace) return { original: stripDirectiveKeys(plain), patch: [] };
  return { original, patch: plain };
}

function mergeSliceWithoutSpecialElements(original: JsonValue[], patch: JsonValue[], mergeKey: string, itemMeta: PatchMeta): JsonValue[] {
  const out = [...original];
  for (const v of patch) {
    const item = v as JsonObject;
    if (!Object.hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    const i = findByMergeKey(out, mergeKey, item[mergeKey]);
    if (i >= 0) out[i] = mergeMap(out[i] as JsonObject, item, itemMeta);
    else {
      const added = newContent(item);
      if (added !== undefined) out.push(added);
    }
  }
  return out;
}

/** deleteFromSlice: the `$deleteFromPrimitiveList` values removed from a list of scalars. */
function deleteFromSlice(current: JsonValue[], toDelete: JsonValue[]): JsonValue[] {
  const drop = new Set(toDelete);
  return current.filter((v) => !drop.has(v));
}

/** Upstream's in-place de-duplication (it moves the last item into each duplicate's slot). */
function deduplicateScalars(s: JsonValue[]): JsonValue[] {
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (s[i] === s[j]) {
        s[j] = s[length]!;
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

