/**
 * @module The three PATCH bodies kube-apiserver accepts besides server-side apply: JSON patch,
 * JSON merge patch and strategic merge patch, with upstream's results and error mapping.
 */
export { applyMergePatch } from './merge-patch.ts';
export { applyJsonPatch, maxJsonPatchOperations } from './json-patch.ts';
export { applyStrategicMergePatch } from './strategic-merge-patch.ts';
export {
  patchMetaFromOpenAPI,
  patchMetaFromTable,
  unknownPatchMeta,
  type PatchMeta,
  type PatchFieldMeta,
  type PatchMetaTable,
  type OpenAPISchema,
} from './patch-meta.ts';
export { cloneJson, jsonEqual, isJsonObject, type JsonValue, type JsonObject, type JsonPrimitive } from './json-value.ts';
