// Kubernetes protobuf request bodies (what `kubectl create <kind>` sends), decoded to JSON.
export {
  decodeKubernetesProtobuf,
  isKubernetesProtobuf,
  PROTOBUF_CONTENT_TYPE,
  type DecodedObject,
} from './kubernetes-protobuf.ts';
export { ProtobufDecodeError, isProtobufDecodeError, type ProtobufProblem } from './errors.ts';
export { supportedProtobufKinds } from './kinds.ts';
export { hasProtobufMagic } from './envelope.ts';
