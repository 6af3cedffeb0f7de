// Small helpers shared by the validators: reading plain JSON safely and the generic
// numeric / immutability checks from apimachinery's api/validation.
import { invalid, type FieldError, type FieldPath } from '../field.ts';

export type Obj = Record<string, unknown>;

export const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
export const isSet = (v: unknown) => v !== undefined && v !== null;
/** Go map iteration order is random; we report keys in sorted order so output is stable. */
export const sortedEntries = (m: unknown): [string, unknown][] =>
  Object.entries(obj(m)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

export const IsNegativeErrorMsg = 'must be greater than or equal to 0';
export const FieldImmutableErrorMsg = 'field is immutable';

export function validateNonnegativeField(value: number, fld: FieldPath): FieldError[] {
  return value < 0 ? [invalid(fld.text, value, IsNegativeErrorMsg)] : [];
}

// A missing JSON field decodes to Go's zero value, and apiequality.Semantic treats empty and
// nil slices as equal, so these all compare equal to "absent".
const isZeroish = (v: unknown) => v === undefined || v === null || v === '' || v === 0 || v === false || (Array.isArray(v) && v.length === 0);

/** apiequality.Semantic.DeepEqual over JSON values (missing == Go zero value). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isZeroish(a) || isZeroish(b)) return isZeroish(a) && isZeroish(b);
  if (typeof a !== typeof b || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ao = a as Obj, bo = b as Obj;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!deepEqual(ao[k], bo[k])) return false;
  return true;
}

/** ValidateImmutableField: the *new* value is reported. `render` supplies its Go form. */
export function validateImmutableField(newVal: unknown, oldVal: unknown, fld: FieldPath, render: (v: unknown) => unknown = (v) => v): FieldError[] {
  return deepEqual(newVal, oldVal) ? [] : [invalid(fld.text, render(newVal), FieldImmutableErrorMsg)];
}
