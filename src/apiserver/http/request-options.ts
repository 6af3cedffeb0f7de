// Query parameters shared by the write verbs, validated as upstream validates them.
import { ApiError } from '../../api/errors.ts';
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
    throw ApiError.invalid('', 'DeleteOptions', '', [{ type: 'FieldValueNotSupported', field: 'propagationPolicy', badValue: policy, detail: 'supported values: "Foreground", "Background", "Orphan", "nil"' }]);
  }
  if (policy !== undefined && merged.orphanDependents !== undefined) {
    throw ApiError.invalid('', 'DeleteOptions', '', [{ type: 'FieldValueInvalid', field: 'propagationPolicy', badValue: policy, detail: 'orphanDependents and deletionPropagation cannot be both set' }]);
  }
  const grace = optionalInt(merged.gracePeriodSeconds, 'gracePeriodSeconds');
  return {
    gracePeriodSeconds: grace,
    propagationPolicy: policy,
    orphanDependents: merged.orphanDependents,
    preconditions: merged.preconditions,
  };
}
