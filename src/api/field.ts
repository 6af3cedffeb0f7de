// Field errors in the shape of k8s.io/apimachinery/pkg/util/validation/field.
// Their text is what users read in `kubectl apply` output, so ErrorBody follows
// upstream to the character, including Go's %q / %v / %#v renderings of the bad value.

export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

const typeText: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** Marks a bad value that must not be printed (upstream's `omitValue`). */
export const omitValue = Symbol('omitValue');

/**
 * A Go-rendered value: use when upstream passes a typed value whose %#v form matters,
 * e.g. `goValue('map[string]string{"app":"x"}')`.
 */
export class GoValue {
  readonly text: string;
  constructor(text: string) { this.text = text; }
}

export interface FieldError {
  type: FieldErrorType;
  field: string;
  badValue: unknown;
  detail: string;
}

export function fieldError(type: FieldErrorType, field: string, badValue: unknown, detail = ''): FieldError {
  return { type, field, badValue, detail };
}

export const required = (field: string, detail = '') => fieldError('FieldValueRequired', field, '', detail);
export const invalid = (field: string, value: unknown, detail = '') => fieldError('FieldValueInvalid', field, value, detail);
export const forbidden = (field: string, detail = '') => fieldError('FieldValueForbidden', field, '', detail);
export const duplicate = (field: string, value: unknown) => fieldError('FieldValueDuplicate', field, value);
export const notFound = (field: string, value: unknown) => fieldError('FieldValueNotFound', field, value);
export const internalError = (field: string, err: string) => fieldError('InternalError', field, omitValue, err);
export function tooLong(field: string, value: unknown, max: number): FieldError {
  const detail = max < 0 ? 'value is too long' : `may not be more than ${max} bytes`;
  return fieldError('FieldValueTooLong', field, value, detail);
}
export function notSupported(field: string, value: unknown, valid: readonly string[]): FieldError {
  const detail = valid.length > 0 ? 'supported values: ' + valid.map(quoteGo).join(', ') : '';
  return fieldError('FieldValueNotSupported', field, value, detail);
}

/** Go's %q for a string. JSON escaping matches it for everything users type. */
export function quoteGo(s: string): string {
  return JSON.stringify(s);
}

/** Go's %#v for the JSON-ish values we hold (maps are rendered with sorted keys, as fmt does). */
export function goSyntax(value: unknown): string {
  if (value instanceof GoValue) return value.text;
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return quoteGo(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const allStrings = value.every((v) => typeof v === 'string');
    return `${allStrings ? '[]string' : '[]interface {}'}{${value.map(goSyntax).join(', ')}}`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const allStrings = entries.every(([, v]) => typeof v === 'string');
    const body = entries.map(([k, v]) => `${quoteGo(k)}:${goSyntax(v)}`).join(', ');
    return `${allStrings ? 'map[string]string' : 'map[string]interface {}'}{${body}}`;
  }
  return String(value);
}

/** field.Error.ErrorBody(): the text after "<field>: ". */
export function errorBody(e: FieldError): string {
  const type = typeText[e.type];
  let s: string;
  if (
    e.type === 'FieldValueRequired' ||
    e.type === 'FieldValueForbidden' ||
    e.type === 'FieldValueTooLong' ||
    e.type === 'InternalError' ||
    e.badValue === omitValue
  ) {
    s = type;
  } else {
    const v = e.badValue;
    if (v === null || v === undefined) s = `${type}: "null"`;
    else if (typeof v === 'number' || typeof v === 'boolean') s = `${type}: ${v}`;
    else if (typeof v === 'string') s = `${type}: ${quoteGo(v)}`;
    else s = `${type}: ${goSyntax(v)}`;
  }
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** field.Error.Error(). */
export function errorString(e: FieldError): string {
  return `${e.field}: ${errorBody(e)}`;
}

/**
 * ErrorList.ToAggregate().Error(): one message as is, several as "[a, b]",
 * with duplicate messages removed (upstream de-duplicates by message).
 */
export function aggregateMessage(errs: readonly FieldError[]): string {
  const seen = new Set<string>();
  const msgs: string[] = [];
  for (const e of errs) {
    const m = errorString(e);
    if (!seen.has(m)) { seen.add(m); msgs.push(m); }
  }
  return msgs.length === 1 ? msgs[0]! : `[${msgs.join(', ')}]`;
}

/** Builds field paths the way field.Path does: child names with dots, indexes and keys in brackets. */
export class FieldPath {
  readonly text: string;
  constructor(text = '') { this.text = text; }
  child(...names: string[]): FieldPath {
    let t = this.text;
    for (const n of names) t = t ? `${t}.${n}` : n;
    return new FieldPath(t);
  }
  index(i: number): FieldPath { return new FieldPath(`${this.text}[${i}]`); }
  key(k: string): FieldPath { return new FieldPath(`${this.text}[${k}]`); }
  toString(): string { return this.text; }
}

export const path = (...names: string[]) => new FieldPath().child(...names);
