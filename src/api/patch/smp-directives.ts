/**
 * @module Strategic-merge-patch directive names, their errors, and the clean-up applied to
 * patch content that lands in the result without being merged.
 *
 * Upstream leaves some directives inside such content (e.g. in a replaced list) and relies on
 * decoding into the Go type to drop them as unknown fields; no Kubernetes field name starts
 * with "$", so removing directive keys here gives the same stored object.
 */
import { ApiError } from '../errors.ts';
import { goFormatValue, goTypeName } from './go-format.ts';
import { isJsonObject, type JsonObject, type JsonValue } from './json-value.ts';
import { genericUnprocessable, unknownServerError } from './patch-errors.ts';

export const directiveMarker = '$patch';
export const deleteDirective = 'delete';
export const replaceDirective = 'replace';
export const mergeDirective = 'merge';
export const retainKeysStrategy = 'retainKeys';
export const retainKeysDirective = '$retainKeys';
export const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList';
export const setElementOrderPrefix = '$setElementOrder';

// mergepatch errors. interpretStrategicMergePatchError maps the "bad format" ones to 400 and
// ErrNoListOfLists to 422; every other error reaches the client as a plain 500.
export const errBadPatchFormatForPrimitiveList = () => ApiError.badRequest('invalid patch format of primitive list');
export const errBadPatchFormatForRetainKeys = () => ApiError.badRequest('invalid patch format of retainKeys');
export const errBadPatchFormatForSetElementOrderList = () => ApiError.badRequest('invalid patch format of setElementOrder list');
export const errNoListOfLists = () => genericUnprocessable();
export const errNoMergeKey = (m: JsonObject, key: string) => unknownServerError(`map: ${goFormatValue(m)} does not contain declared merge key: ${key}`);
export const errBadArgType = (expected: string, actual: unknown) => unknownServerError(`expected a ${expected}, but received a ${goTypeName(actual)}`);
export const errBadPatchType = (t: unknown, m: JsonObject) =>
  unknownServerError(`unknown patch type: ${typeof t === 'string' ? t : `%!s(${goTypeName(t)}=${goFormatValue(t)})`} in map: ${goFormatValue(m)}`);
export const otherError = (message: string) => unknownServerError(message);

export const goSliceType = '[]interface {}';
export const goMapType = 'map[string]interface {}';

/** extractKey: the list name after "$setElementOrder/" or "$deleteFromPrimitiveList/". */
export function extractKey(s: string, prefix: string): string {
  const slash = s.indexOf('/');
  if (slash < 0 || s.slice(0, slash) !== prefix) {
    if (prefix === deleteFromPrimitiveListPrefix) throw errBadPatchFormatForPrimitiveList();
    if (prefix === setElementOrderPrefix) throw errBadPatchFormatForSetElementOrderList();
    throw otherError(`fail to find unknown prefix ${JSON.stringify(prefix)} in ${s}`);
  }
  return s.slice(slash + 1);
}

const isDirectiveKey = (k: string) =>
  k === directiveMarker || k === retainKeysDirective || k.startsWith(`${setElementOrderPrefix}/`) || k.startsWith(`${deleteFromPrimitiveListPrefix}/`);

/** Removes directive keys at every depth (what the typed decode does upstream). Mutates. */
export function stripDirectiveKeys<T extends JsonValue>(v: T): T {
  if (Array.isArray(v)) v.forEach(stripDirectiveKeys);
  else if (isJsonObject(v)) {
    for (const k of Object.keys(v)) {
      if (isDirectiveKey(k)) delete v[k];
      else stripDirectiveKeys(v[k]!);
    }
  }
  return v;
}

/** discardNullValuesFromPatch: a value added where nothing was carries no null members. Mutates. */
function discardNulls(v: JsonValue): void {
  if (Array.isArray(v)) v.forEach(discardNulls);
  else if (isJsonObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (x === null) delete v[k];
      else discardNulls(x);
    }
  }
}

/**
 * Content added where the original had nothing (or something of another type): nulls are
 * discarded, maps carrying `$patch` are dropped (upstream removeDirectives: a `$patch: delete`
 * item in a brand-new list must not become an item), other directive keys removed.
 * Returns undefined when the value itself is dropped. Mutates.
 */
export function newContent(v: JsonValue): JsonValue | undefined {
  discardNulls(v);
  return removeDirectives(v);
}

function removeDirectives(v: JsonValue): JsonValue | undefined {
  if (Array.isArray(v)) {
    const out: JsonValue[] = [];
    for (const x of v) {
      const kept = removeDirectives(x);
      if (kept !== undefined) out.push(kept);
    }
    return out;
  }
  if (isJsonObject(v)) {
    if (Object.hasOwn(v, directiveMarker)) return undefined;
    for (const k of Object.keys(v)) {
      if (isDirectiveKey(k)) {
        delete v[k];
        continue;
      }
      const kept = removeDirectives(v[k]!);
      if (kept === undefined) delete v[k];
      else v[k] = kept;
    }
  }
  return v;
}
