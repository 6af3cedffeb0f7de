/**
 * @module JSON Patch (RFC 6902, `application/json-patch+json`) through fast-json-patch, with
 * kube-apiserver's error mapping (handlers/patch.go, jsonPatcher.applyJSPatch):
 * - a body that is not a list of operation objects does not decode: 400 with Go's json error;
 * - more than 10000 operations: 413;
 * - any failure while applying (a failed `test`, a missing path, an unknown `op`): 422 with
 *   the generic "the server rejected our request ..." text.
 * The target and the operations are never mutated, and the result shares nothing with them.
 */
import jsonpatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { ApiError } from '../errors.ts';
import { cloneJson, isJsonObject, type JsonValue } from './json-value.ts';
import { genericUnprocessable, requestEntityTooLarge } from './patch-errors.ts';

/** handlers.maxJSONPatchOperations. */
export const maxJsonPatchOperations = 10000;

/** How encoding/json names a JSON value's type in "cannot unmarshal X into ..." errors. */
function goJsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v; // string | number
}

export function applyJsonPatch(target: unknown, ops: unknown): JsonValue {
  // jsonpatch.DecodePatch: `null` decodes to an empty patch.
  if (ops === null) return cloneJson(target as JsonValue);
  if (!Array.isArray(ops)) throw ApiError.badRequest(`json: cannot unmarshal ${goJsonKind(ops)} into Go value of type jsonpatch.Patch`);
  for (const op of ops) {
    if (op !== null && !isJsonObject(op)) throw ApiError.badRequest(`json: cannot unmarshal ${goJsonKind(op)} into Go value of type jsonpatch.Operation`);
  }
  if (ops.length > maxJsonPatchOperations) {
    throw requestEntityTooLarge(`The allowed maximum operations in a JSON patch is ${maxJsonPatchOperations}, got ${ops.length}`);
  }
  try {
    // validate=true makes malformed operations fail instead of being skipped; mutate=false
    // clones the document, and cloning the operations keeps their values out of the result.
    const result = jsonpatch.applyPatch(target, cloneJson(ops) as Operation[], true, false);
    return result.newDocument as JsonValue;
  } catch {
    // Every failure here is the patch not applying (fast-json-patch also throws plain
    // TypeErrors for some malformed operations); upstream answers all of them alike.
    throw genericUnprocessable();
  }
}
