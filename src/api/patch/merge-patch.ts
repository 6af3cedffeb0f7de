/**
 * @module JSON merge patch (RFC 7386, `application/merge-patch+json`) with the behaviour of
 * evanphx/json-patch's MergePatch, which kube-apiserver uses:
 * - `null` deletes a key; objects merge recursively; arrays and scalars replace;
 * - a value that lands where nothing (or a non-object) was has its nested `null` members
 *   pruned, also inside objects within arrays (RFC 7386 §2, and evanphx's pruneNulls);
 * - a `null` or scalar patch document is not a patch: 400 "Invalid JSON Patch".
 * Inputs are never mutated.
 */
import { ApiError } from '../errors.ts';
import { cloneJson, isJsonObject, type JsonObject, type JsonValue } from './json-value.ts';

export function applyMergePatch(target: unknown, patch: unknown): JsonValue {
  if (patch === null || (typeof patch !== 'object' && !Array.isArray(patch))) throw ApiError.badRequest('Invalid JSON Patch');
  if (Array.isArray(patch)) return pruneNulls(cloneJson(patch as JsonValue));
  if (!isJsonObject(target)) return pruneNulls(cloneJson(patch as JsonObject));
  return mergeObjects(cloneJson(target), patch as JsonObject);
}

function mergeObjects(doc: JsonObject, patch: JsonObject): JsonObject {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete doc[k];
      continue;
    }
    const cur = doc[k];
    if (!isJsonObject(cur)) {
      // Nothing (or a non-object) to merge into: the patch value lands pruned of nulls.
      doc[k] = pruneNulls(cloneJson(v));
    } else if (isJsonObject(v)) {
      doc[k] = mergeObjects(cur, v);
    } else {
      // evanphx replaces an object by a non-object patch value without pruning it.
      doc[k] = cloneJson(v);
    }
  }
  return doc;
}

/** Removes null members of objects, recursively; null array elements stay. Mutates its (copied) input. */
function pruneNulls(v: JsonValue): JsonValue {
  if (Array.isArray(v)) {
    v.forEach(pruneNulls);
  } else if (isJsonObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (x === null) delete v[k];
      else pruneNulls(x);
    }
  }
  return v;
}
