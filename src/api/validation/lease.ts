// coordination.k8s.io/v1 Lease validation (pkg/apis/coordination/validation).
import { forbidden, invalid, notSupported, type FieldError, FieldPath } from '../field.ts';
import { isQualifiedName } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './objectmeta.ts';
import { isSet, obj, str } from './util.ts';

const validLeaseStrategies = ['OldestEmulationVersion'];

export function validateLeaseSpec(specIn: unknown, fld: FieldPath = new FieldPath('spec')): FieldError[] {
  const spec = obj(specIn);
  const errs: FieldError[] = [];
  const dur = spec['leaseDurationSeconds'];
  if (typeof dur === 'number' && dur <= 0) errs.push(invalid(fld.child('leaseDurationSeconds').text, dur, 'must be greater than 0'));
  const tr = spec['leaseTransitions'];
  if (typeof tr === 'number' && tr < 0) errs.push(invalid(fld.child('leaseTransitions').text, tr, 'must be greater than or equal to 0'));
  if (isSet(spec['strategy'])) {
    const s = str(spec['strategy']);
    const parts = s.split('/');
    const p = fld.child('strategy').text;
    if (parts.length === 1) {
      if (!validLeaseStrategies.includes(s)) errs.push(notSupported(p, s, validLeaseStrategies));
    } else if (parts.length === 2) {
      for (const m of isQualifiedName(s)) errs.push(invalid(p, s, m));
    } else errs.push(invalid(p, s, 'must be a valid strategy'));
  }
  if (str(spec['preferredHolder']) && !str(spec['strategy'])) {
    errs.push(forbidden(fld.child('preferredHolder').text, 'may only be specified if `strategy` is defined'));
  }
  return errs;
}

export function validateLease(lease: unknown): FieldError[] {
  const o = obj(lease);
  return [...validateObjectMeta(o['metadata'], { namespaced: true, nameValidator: 'subdomain' }), ...validateLeaseSpec(o['spec'])];
}

export function validateLeaseUpdate(newLease: unknown, oldLease: unknown): FieldError[] {
  const n = obj(newLease);
  return [...validateObjectMetaUpdate(n['metadata'], obj(oldLease)['metadata']), ...validateLeaseSpec(n['spec'])];
}
