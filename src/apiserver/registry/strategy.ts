// Per-kind behaviour of the generic registry, in the shape of upstream's
// RESTCreateStrategy / RESTUpdateStrategy / RESTDeleteStrategy: small hooks that the one
// generic store calls in a fixed order, so every kind gets the same metadata, concurrency
// and admission handling.
import type { FieldError } from '../../api/field.ts';
import type { ApiObject } from './object.ts';

export interface RequestContext {
  /** The time of the request, so every timestamp one request writes agrees. */
  now: Date;
  dryRun: boolean;
  fieldManager: string | undefined;
  /** Warnings for the `Warning` response header. */
  warnings: string[];
  /** The subresource being written, when not the main resource. */
  subresource?: 'status' | 'finalize';
  /**
   * A write by the API server itself (its own `kubernetes` Service endpoints), which skips
   * validation: it may name the server's loopback address, which clients may not.
   */
  trusted?: boolean;
}

/** Values taken for a write (Service IPs and ports): kept on success, given back otherwise. */
export interface Allocation {
  commit(): void;
  revert(): void;
}

export type FieldGetter = (obj: ApiObject) => string | undefined;

export interface Strategy {
  /** metadata.generation starts at 1 and grows when anything but metadata/status changes. */
  tracksGeneration?: boolean;
  /** The main resource ignores status; the status subresource changes only status. */
  hasStatusSubresource?: boolean;
  /** PUT of a missing object creates it (upstream AllowCreateOnUpdate). */
  allowCreateOnUpdate?: boolean;
  /** PUT without metadata.resourceVersion is allowed (upstream AllowUnconditionalUpdate). */
  allowUnconditionalUpdate?: boolean;
  /** Returns upstream defaults applied (a new object or the same one, mutated). */
  defaults?(obj: ApiObject): ApiObject;
  prepareForCreate?(obj: ApiObject, ctx: RequestContext): void;
  prepareForUpdate?(obj: ApiObject, old: ApiObject, ctx: RequestContext): void;
  validate?(obj: ApiObject): FieldError[];
  validateUpdate?(obj: ApiObject, old: ApiObject): FieldError[];
  /** For the status subresource, when its rules differ from validateUpdate. */
  validateStatusUpdate?(obj: ApiObject, old: ApiObject): FieldError[];
  /** Field selectors this kind supports besides metadata.name and metadata.namespace. */
  fields?: Record<string, FieldGetter>;
  /**
   * Graceful deletion: the grace period to apply, or 0 to delete at once.
   * Only pods use it, as upstream.
   */
  gracePeriod?(obj: ApiObject, requested: number | undefined): number | Promise<number>;
  /**
   * Takes scarce values the object needs before it is validated (upstream BeginCreate /
   * BeginUpdate); `old` is undefined on create. May change obj.
   */
  allocate?(obj: ApiObject, old: ApiObject | undefined, ctx: RequestContext): Allocation | undefined;
  /** After the object is really gone from storage: give back what it held. */
  released?(obj: ApiObject): void | Promise<void>;
  /** Finalizers kept outside metadata (a Namespace's spec.finalizers) that also hold deletion. */
  extraFinalizers?(obj: ApiObject): string[];
  /** The DELETE response carries the deleted object instead of a Status. */
  returnDeletedObject?: boolean;
}
