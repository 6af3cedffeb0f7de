// The Kubernetes protobuf envelope: the 4-byte magic "k8s\0" followed by a runtime.Unknown
// (k8s.io/apimachinery/pkg/runtime/generated.proto):
//
//   message Unknown  { optional TypeMeta typeMeta = 1; optional bytes raw = 2;
//                      optional string contentEncoding = 3; optional string contentType = 4; }
//   message TypeMeta { optional string apiVersion = 1; optional string kind = 2; }
//
// `raw` holds the object's own message (which has no TypeMeta field of its own). kubectl writes
// contentEncoding and contentType as empty strings.
import { WireError, WireReader, WireType, decodeUtf8 } from './wire.ts';

export const PROTOBUF_MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

export interface UnknownEnvelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

export const hasProtobufMagic = (body: Uint8Array): boolean =>
  body.length >= PROTOBUF_MAGIC.length && PROTOBUF_MAGIC.every((b, i) => body[i] === b);

/** Splits a body into its envelope; throws WireError on a missing magic or bad bytes. */
export function readEnvelope(body: Uint8Array): UnknownEnvelope {
  if (!hasProtobufMagic(body)) {
    // kube-apiserver's wording for the same failure.
    throw new WireError('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  }
  const out: UnknownEnvelope = { apiVersion: '', kind: '', raw: new Uint8Array(0), contentEncoding: '', contentType: '' };
  const r = new WireReader(body, PROTOBUF_MAGIC.length);
  while (!r.done) {
    const { fieldNo, wireType } = r.tag();
    if (fieldNo < 1 || fieldNo > 4) {
      r.skip(wireType);
      continue;
    }
    if (wireType !== WireType.Bytes) throw new WireError(`runtime.Unknown: wrong wireType = ${wireType} for field ${fieldNo}`);
    const bytes = r.bytes();
    switch (fieldNo) {
      case 1:
        readTypeMeta(bytes, out);
        break;
      case 2:
        out.raw = bytes;
        break;
      case 3:
        out.contentEncoding = decodeUtf8(bytes);
        break;
      case 4:
        out.contentType = decodeUtf8(bytes);
        break;
    }
  }
  return out;
}

function readTypeMeta(bytes: Uint8Array, out: UnknownEnvelope): void {
  const r = new WireReader(bytes);
  while (!r.done) {
    const { fieldNo, wireType } = r.tag();
    if (fieldNo !== 1 && fieldNo !== 2) {
      r.skip(wireType);
      continue;
    }
    if (wireType !== WireType.Bytes) throw new WireError(`runtime.TypeMeta: wrong wireType = ${wireType} for field ${fieldNo}`);
    const s = decodeUtf8(r.bytes());
    if (fieldNo === 1) out.apiVersion = s;
    else out.kind = s;
  }
}
