// Query parameters shared by the write verbs, validated as upstream validates them.
import { ApiError } from '../../api/errors.ts';
import { forbidden, notSupported, type FieldError } from '../../api/field.ts';
import type { DeleteOptions } from '../registry/resource-store.ts';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteOptions {
  dryRun: boolean;
  fieldManager: string | undefined;
  fieldValidation: FieldValidation;
  force: boolean;
}

export function writeOptions(q: URLSearchParams): WriteOptions {
  const dryRun = q.getAll('dryRun');
  for (const d of dryRun) {
    if (d !== 'All') throw ApiError.badRequest(`dryRun: Unsupported value: "${d}": supported values: "All"`);
  }
  const fv = q.get('fieldValidation') ?? '';
  // An absent directive means Warn, as upstream's fieldValidation() defaults it.
  const fieldValidation = fv === '' ? 'Warn' : fv;
  if (fieldValidation !== 'Strict' && fieldValidation !== 'Warn' && fieldValidation !== 'Ignore') {
    throw ApiError.badRequest(`fieldValidation: Unsupported value: "${fv}": supported values: "Ignore", "Strict", "Warn"`);
  }
  const fieldManager = q.get('fieldManager') ?? undefined;
  if (fieldManager !== undefined && fieldManager.length > 128) throw ApiError.badRequest('fieldManager: Too long: may not be more than 128 bytes');
  return { dryRun: dryRun.length > 0, fieldManager, fieldValidation, force: q.get('force') === 'true' };
}

function optionalInt(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw ApiError.badRequest(`${name}: invalid value ${JSON.stringify(v)}`);
  return n;
}

/** DeleteOptions from the body (kubectl sends one) merged over the query parameters. */
export function deleteOptions(q: URLSearchParams, body: Record<string, any> | undefined): DeleteOptions {
  const merged: Record<string, any> = {
    gracePeriodSeconds: q.get('gracePeriodSeconds') ?? undefined,
    propagationPolicy: q.get('propagationPolicy') ?? undefined,
    orphanDependents: q.has('orphanDependents') ? q.get('orphanDependents') === 'true' : undefined,
    ...(body ?? {}),
  };
  const policy = merged.propagationPolicy;
  if (policy !== undefined && policy !== 'Orphan' && policy !== 'Background' && policy !== 'Foreground') {
    throw ApiError.invalid('meta.k8s.io', 'DeleteOptions', '', [{ type: 'FieldValueNotSupported', field: 'propagationPolicy', badValue: policy, detail: 'supported values: "Foreground", "Background", "Orphan", "nil"' }]);
  }
  if (policy !== undefined && merged.orphanDependents !== undefined) {
    throw ApiError.invalid('meta.k8s.io', 'DeleteOptions', '', [{ type: 'FieldValueInvalid', field: 'propagationPolicy', badValue: policy, detail: 'orphanDependents and deletionPropagation cannot be both set' }]);
  }
  const grace = optionalInt(merged.gracePeriodSeconds, 'gracePeriodSeconds');
  return {
    gracePeriodSeconds: grace,
    propagationPolicy: policy,
    orphanDependents: merged.orphanDependents,
    preconditions: merged.preconditions,
  };
}

/**
 * upstream metainternalversion validation.ValidateListOptions: a 422 on the ListOptions kind,
 * checked before anything is read.
 */
export function validateListOptions(q: URLSearchParams, watch: boolean): void {
  const errs: FieldError[] = [];
  const match = q.get('resourceVersionMatch') ?? '';
  const rv = q.get('resourceVersion') ?? '';
  const initialEvents = q.has('sendInitialEvents');
  if (watch) {
    // The watch-list protocol (served here, as with upstream's WatchList feature on).
    if (initialEvents && match !== 'NotOlderThan') errs.push(forbidden('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'));
    if (match) {
      if (!initialEvents) errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'));
      if (match !== 'NotOlderThan') errs.push(notSupported('resourceVersionMatch', match, ['NotOlderThan']));
      if (q.get('continue')) errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
    }
  } else {
    if (match) {
      if (!rv) errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
      if (q.get('continue')) errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
      if (match !== 'Exact' && match !== 'NotOlderThan') errs.push(notSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan', '']));
      if (match === 'Exact' && rv === '0') errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
    }
    if (initialEvents) errs.push(forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  }
  if (errs.length > 0) throw ApiError.invalid('meta.k8s.io', 'ListOptions', '', errs);
}
