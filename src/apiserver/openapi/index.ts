// OpenAPI v3 for kubectl (apply/create/edit/explain) and the schema facts other parts of
// the apiserver share: strict field validation and strategic-merge-patch merge keys.
export { openapiV3Index, openapiV3Document, openapiIndexHeaders, openapiDocumentHeaders, gvPathOf, type OpenAPIDocument } from './documents.ts';
export { componentSchemas, schemaNameFor, resolveSchema, type Schema } from './schemas.ts';
export { findUnknownFields } from './unknown-fields.ts';
