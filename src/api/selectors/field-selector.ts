/**
 * @module Field selectors, ported from apimachinery `fields.ParseSelector`: terms joined by
 * ",", each `field=value`, `field==value` or `field!=value`. Values escape `\`, `,` and `=`
 * with a backslash (`fields.EscapeValue`); field names are not escaped, so the first operator
 * in a term splits it. Only `=`/`!=` semantics exist: a missing field compares as "".
 */
import { ApiError } from '../errors.ts';
import { compareGoStrings } from './go-strings.ts';

export type FieldOperator = '=' | '!=';

export interface FieldRequirement {
  readonly field: string;
  readonly op: FieldOperator;
  readonly value: string;
}

/** Looks up a field of one object; `undefined` when the object has no such field. */
export type FieldGetter = (field: string) => string | undefined;

export class FieldSelector {
  /** Terms in upstream's order: sorted by their source text. */
  readonly requirements: readonly FieldRequirement[];

  constructor(requirements: readonly FieldRequirement[]) {
    this.requirements = requirements;
  }

  get empty(): boolean {
    return this.requirements.length === 0;
  }

  matches(get: FieldGetter): boolean {
    return this.requirements.every((r) => ((get(r.field) ?? '') === r.value) === (r.op === '='));
  }

  /** The single value a field must equal, if any (RequiresExactMatch). */
  requiresExactMatch(field: string): string | undefined {
    return this.requirements.find((r) => r.field === field && r.op === '=')?.value;
  }

  /**
   * Rewrites every term (ParseAndTransformSelector / Selector.Transform). The apiserver passes
   * each kind's field-label conversion here; a term that becomes empty on both sides is dropped.
   */
  transform(fn: (field: string, value: string) => { field: string; value: string }): FieldSelector {
    const out: FieldRequirement[] = [];
    for (const r of this.requirements) {
      const t = fn(r.field, r.value);
      if (t.field === '' && t.value === '') continue;
      out.push({ field: t.field, op: r.op, value: t.value });
    }
    return new FieldSelector(out);
  }

  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.op}${escapeFieldValue(r.value)}`).join(',');
  }
}

/** fields.EscapeValue. */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** fields.UnescapeValue; throws with upstream's messages. */
export function unescapeFieldValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') throw ApiError.badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      inSlash = false;
      continue;
    }
    if (c === '\\') inSlash = true;
    // Go formats the rune with %v, i.e. as its number ("... in value: 61" for "=").
    else if (c === ',' || c === '=') throw ApiError.badRequest(`invalid field selector: unescapedRune character in value: ${c.codePointAt(0)}`);
    else out += c;
  }
  if (inSlash) throw ApiError.badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** Splits on commas that are not escaped; escapes stay in the terms. */
function splitTerms(selector: string): string[] {
  if (selector.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

// "==" is tried before "=" so that "a==b" does not leave "=b" as the value.
const termOperators = ['!=', '==', '='] as const;

function splitTerm(term: string): { lhs: string; op: (typeof termOperators)[number]; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of termOperators) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}

/** fields.ParseSelector. Throws ApiError 400 BadRequest with upstream's message. */
export function parseFieldSelector(selector: string): FieldSelector {
  const parts = splitTerms(selector).sort(compareGoStrings);
  const requirements: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const t = splitTerm(part);
    if (!t) throw ApiError.badRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
    const value = unescapeFieldValue(t.rhs);
    // The identity transform upstream applies drops a term that is empty on both sides ("=").
    if (t.lhs === '' && value === '') continue;
    requirements.push({ field: t.lhs, op: t.op === '!=' ? '!=' : '=', value });
  }
  return new FieldSelector(requirements);
}

/**
 * The error kube-apiserver returns for a field a kind does not index, e.g.
 * `field label not supported: spec.foo` (400 BadRequest).
 */
export function fieldLabelNotSupported(label: string): ApiError {
  return ApiError.badRequest(`field label not supported: ${label}`);
}
