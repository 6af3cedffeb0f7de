// The one error type of the protobuf decoder. It is an ApiError, so the HTTP adapter turns it
// into a Status like any other failure; `problem` lets a caller tell the cases apart.
import { ApiError } from '../../api/errors.ts';

export type ProtobufProblem =
  /** Not a Kubernetes protobuf body at all, or its bytes are not valid wire format. */
  | 'Malformed'
  /** Well-formed envelope, but a kind this decoder has no schema for (answered 415). */
  | 'UnsupportedKind';

export class ProtobufDecodeError extends ApiError {
  readonly problem: ProtobufProblem;
  /** The bare reason, e.g. `proto: Service.spec.ports[0].port: unexpected EOF in varint`. */
  readonly detail: string;

  constructor(problem: ProtobufProblem, message: string, detail: string) {
    if (problem === 'UnsupportedKind') super(415, 'UnsupportedMediaType', message);
    else super(400, 'BadRequest', message);
    this.name = 'ProtobufDecodeError';
    this.problem = problem;
    this.detail = detail;
  }

  /**
   * Malformed bytes. With a known kind the text follows kube-apiserver's decode-error wording:
   * `Service in version "v1" cannot be handled as a Service: <detail>`.
   */
  static malformed(detail: string, gvk?: { version: string; kind: string }): ProtobufDecodeError {
    const message = gvk ? `${gvk.kind} in version "${gvk.version}" cannot be handled as a ${gvk.kind}: ${detail}` : detail;
    return new ProtobufDecodeError('Malformed', message, detail);
  }

  static unsupportedKind(apiVersion: string, kind: string): ProtobufDecodeError {
    const detail = `no protobuf schema for kind "${kind}" in version "${apiVersion}"`;
    return new ProtobufDecodeError(
      'UnsupportedKind',
      `the body of the request was in an unknown format - ${detail}; send it as application/json`,
      detail,
    );
  }
}

export const isProtobufDecodeError = (e: unknown): e is ProtobufDecodeError => e instanceof ProtobufDecodeError;
