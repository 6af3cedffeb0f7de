/**
 * @module The object form of label selectors (metav1.LabelSelector): conversion to a matcher
 * (`LabelSelectorAsSelector`), validation (`ValidateLabelSelector`) and printing
 * (`FormatLabelSelector`, used by `kubectl get rs -o wide` and Scale `status.selector`).
 */
import { ApiError } from '../errors.ts';
import { aggregateMessage, FieldPath, forbidden, invalid, required, type FieldError } from '../field.ts';
import { compareGoStrings } from './go-strings.ts';
import { newRequirement, type LabelOperator, type Requirement } from './label-requirement.ts';
import { LabelSelector } from './label-selector.ts';
import { isQualifiedName, isValidLabelValue } from './label-syntax.ts';

export type LabelSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelSelectorRequirementObject {
  key: string;
  operator: LabelSelectorOperator | string;
  values?: string[] | null;
}

export interface LabelSelectorObject {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirementObject[] | null;
}

const operatorOf: Readonly<Record<string, LabelOperator>> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * metav1.LabelSelectorAsSelector. A missing (null/undefined) selector selects nothing; an empty
 * one selects everything. Invalid content throws ApiError 400 with upstream's message.
 */
export function labelSelectorFromObject(obj: LabelSelectorObject | null | undefined): LabelSelector {
  if (obj === null || obj === undefined) return LabelSelector.nothing();
  const matchLabels = obj.matchLabels ?? {};
  const expressions = obj.matchExpressions ?? [];
  if (Object.keys(matchLabels).length + expressions.length === 0) return LabelSelector.everything();
  const requirements: Requirement[] = [];
  // Go iterates the map in random order; sorting keeps error reporting deterministic.
  for (const key of Object.keys(matchLabels).sort(compareGoStrings)) {
    requirements.push(checked(newRequirement(key, '=', [matchLabels[key]!])));
  }
  for (const expr of expressions) {
    if (!Object.hasOwn(operatorOf, expr.operator)) {
      throw ApiError.badRequest(`${JSON.stringify(expr.operator)} is not a valid pod selector operator`);
    }
    requirements.push(checked(newRequirement(expr.key, operatorOf[expr.operator]!, expr.values ?? [])));
  }
  return LabelSelector.fromRequirements(requirements);
}

function checked(r: { requirement: Requirement; errors: FieldError[] }): Requirement {
  if (r.errors.length > 0) throw ApiError.badRequest(aggregateMessage(r.errors));
  return r.requirement;
}

/** LabelSelectorAsSelector(obj).String(): the Scale subresource's `status.selector`. */
export function selectorToString(obj: LabelSelectorObject | null | undefined): string {
  return labelSelectorFromObject(obj).toString();
}

/** metav1.FormatLabelSelector: `<none>` when empty, `<error>` when it does not convert. */
export function formatLabelSelector(obj: LabelSelectorObject | null | undefined): string {
  let s: string;
  try {
    s = selectorToString(obj);
  } catch {
    return '<error>';
  }
  return s.length === 0 ? '<none>' : s;
}

export interface LabelSelectorValidationOptions {
  /** Upstream sets this on update when the stored selector already had invalid values. */
  allowInvalidLabelValueInSelector?: boolean;
}

/** validation.ValidateLabels: every key a qualified name, every value a label value. */
export function validateLabels(labels: Readonly<Record<string, string>> | null | undefined, fieldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of Object.keys(labels ?? {}).sort(compareGoStrings)) {
    for (const msg of isQualifiedName(key)) errs.push(invalid(fieldPath.text, key, msg));
    for (const msg of isValidLabelValue(labels![key]!)) errs.push(invalid(fieldPath.text, labels![key], msg));
  }
  return errs;
}

/** metav1validation.ValidateLabelSelector with upstream's field paths and messages. */
export function validateLabelSelector(
  obj: LabelSelectorObject | null | undefined,
  fieldPath: FieldPath,
  opts: LabelSelectorValidationOptions = {},
): FieldError[] {
  if (obj === null || obj === undefined) return [];
  const errs = validateLabels(obj.matchLabels, fieldPath.child('matchLabels'));
  (obj.matchExpressions ?? []).forEach((expr, i) => {
    const p = fieldPath.child('matchExpressions').index(i);
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errs.push(required(p.child('values').text, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) errs.push(forbidden(p.child('values').text, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(invalid(p.child('operator').text, expr.operator, 'not a valid selector operator'));
    }
    for (const msg of isQualifiedName(expr.key)) errs.push(invalid(p.child('key').text, expr.key, msg));
    if (!opts.allowInvalidLabelValueInSelector) {
      values.forEach((v, j) => {
        for (const msg of isValidLabelValue(v)) errs.push(invalid(p.child('values').index(j).text, v, msg));
      });
    }
  });
  return errs;
}
