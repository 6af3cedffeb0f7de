// decodeKubernetesProtobuf: a `application/vnd.kubernetes.protobuf` request body → the JSON
// object kube-apiserver would have got had the client sent JSON. See kubectl-wire.md §2.4.
import { MessageDecoder, DecodeError, type JsonObject } from './decode.ts';
import { readEnvelope } from './envelope.ts';
import { ProtobufDecodeError } from './errors.ts';
import { rootMessageFor, schemas } from './kinds.ts';
import { WireError } from './wire.ts';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

export interface DecodedObject {
  apiVersion: string;
  kind: string;
  /** The object as JSON, with `kind` and `apiVersion` first, like kubectl's own JSON. */
  object: JsonObject;
}

const decoder = new MessageDecoder(schemas);

/** True for `application/vnd.kubernetes.protobuf` with or without parameters. */
export const isKubernetesProtobuf = (contentType: string | undefined): boolean =>
  (contentType ?? '').split(';')[0]!.trim().toLowerCase() === PROTOBUF_CONTENT_TYPE;

/**
 * Decodes a Kubernetes protobuf body. Throws ProtobufDecodeError (an ApiError) and nothing
 * else: 400 for malformed bytes, 415 for a kind without a schema here.
 */
export function decodeKubernetesProtobuf(body: Uint8Array): DecodedObject {
  let env;
  try {
    env = readEnvelope(body);
  } catch (e) {
    throw asDecodeError(e);
  }
  const { apiVersion, kind } = env;
  if (!kind) throw ProtobufDecodeError.malformed('Object \'Kind\' is missing in protobuf body');
  if (env.contentEncoding) {
    throw ProtobufDecodeError.malformed(`unsupported contentEncoding "${env.contentEncoding}" in runtime.Unknown`, gvk(apiVersion, kind));
  }
  if (env.contentType && env.contentType !== PROTOBUF_CONTENT_TYPE) {
    throw ProtobufDecodeError.malformed(`unsupported contentType "${env.contentType}" in runtime.Unknown`, gvk(apiVersion, kind));
  }
  const root = rootMessageFor(apiVersion, kind);
  if (!root) throw ProtobufDecodeError.unsupportedKind(apiVersion, kind);
  let decoded: JsonObject;
  try {
    decoded = decoder.decode(root, env.raw);
  } catch (e) {
    throw asDecodeError(e, gvk(apiVersion, kind));
  }
  // TypeMeta travels in the envelope only; in JSON it is inline at the top (omitempty).
  const object: JsonObject = {};
  if (kind) object.kind = kind;
  if (apiVersion) object.apiVersion = apiVersion;
  Object.assign(object, decoded);
  return { apiVersion, kind, object };
}

const gvk = (apiVersion: string, kind: string) => ({ version: apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion, kind });

function asDecodeError(e: unknown, where?: { version: string; kind: string }): ProtobufDecodeError {
  if (e instanceof ProtobufDecodeError) return e;
  if (e instanceof DecodeError) return ProtobufDecodeError.malformed(`proto: ${e.message}`, where);
  if (e instanceof WireError) return ProtobufDecodeError.malformed(`proto: ${e.message}`, where);
  // Anything else is a bug here, but a request must still get a clean 400 rather than a crash.
  const msg = e instanceof Error ? e.message : String(e);
  return ProtobufDecodeError.malformed(`proto: ${msg}`, where);
}
