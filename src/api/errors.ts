// One error type for the API domain. Every failure that reaches a client is an ApiError;
// the HTTP adapter turns it into a Kubernetes Status in exactly one place (toStatus).
import { aggregateMessage, errorBody, type FieldError } from './field.ts';

export type StatusReason =
  | '' // upstream's StatusReasonUnknown: kubectl prints "Error from server: <message>"
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Expired'
  | 'Invalid'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'TooManyRequests'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** Identifies a resource in messages the way Kubernetes does: `services`, `deployments.apps`. */
export interface GroupResource {
  group: string;
  resource: string;
}

export const groupResourceString = (gr: GroupResource) => (gr.group ? `${gr.resource}.${gr.group}` : gr.resource);

export class ApiError extends Error {
  readonly code: number;
  readonly reason: StatusReason;
  readonly details: StatusDetails | undefined;
  constructor(code: number, reason: StatusReason, message: string, details?: StatusDetails) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  toStatus(): Status {
    const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, code: this.code };
    if (this.reason) s.reason = this.reason;
    if (this.details) s.details = this.details;
    return s;
  }

  static notFound(gr: GroupResource, name: string): ApiError {
    return new ApiError(404, 'NotFound', `${groupResourceString(gr)} "${name}" not found`, { name, group: gr.group || undefined, kind: gr.resource });
  }

  static alreadyExists(gr: GroupResource, name: string): ApiError {
    return new ApiError(409, 'AlreadyExists', `${groupResourceString(gr)} "${name}" already exists`, { name, group: gr.group || undefined, kind: gr.resource });
  }

  /** The optimistic-concurrency failure, worded as the registry's update path words it. */
  static conflict(gr: GroupResource, name: string, why: string): ApiError {
    return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${groupResourceString(gr)} "${name}": ${why}`, { name, group: gr.group || undefined, kind: gr.resource });
  }

  static staleResourceVersion(gr: GroupResource, name: string): ApiError {
    return ApiError.conflict(gr, name, 'the object has been modified; please apply your changes to the latest version and try again');
  }

  /** 422 with one cause per field error; `kind` is the Kind (and group) as in `Deployment.apps`. */
  static invalid(group: string, kind: string, name: string, errs: readonly FieldError[]): ApiError {
    const qualified = group ? `${kind}.${group}` : kind;
    const message = errs.length === 0 ? `${qualified} "${name}" is invalid` : `${qualified} "${name}" is invalid: ${aggregateMessage(errs)}`;
    const causes = errs.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field }));
    return new ApiError(422, 'Invalid', message, { name, group: group || undefined, kind, causes });
  }

  static badRequest(message: string): ApiError {
    return new ApiError(400, 'BadRequest', message);
  }

  static gone(message: string): ApiError {
    return new ApiError(410, 'Expired', message);
  }

  static methodNotSupported(gr: GroupResource, verb: string): ApiError {
    return new ApiError(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind "${groupResourceString(gr)}"`, { group: gr.group || undefined, kind: gr.resource });
  }

  static unsupportedMediaType(contentType: string): ApiError {
    return new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf${contentType ? '' : ''}`);
  }

  static tooLarge(): ApiError {
    return new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
  }

  static internal(message: string): ApiError {
    return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
  }

  static forbidden(gr: GroupResource, name: string, why: string): ApiError {
    return new ApiError(403, 'Forbidden', `${groupResourceString(gr)} "${name}" is forbidden: ${why}`, { name, group: gr.group || undefined, kind: gr.resource });
  }

  static serviceUnavailable(message: string): ApiError {
    return new ApiError(503, 'ServiceUnavailable', message);
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;
