/**
 * @module The object form of label selectors (metav1.LabelSelector): conversion to a matcher
 * (`LabelSelectorAsSelector`), validation (`ValidateLabelSelector`) and printing
 * (`FormatLabelSelector`, used by `kubectl get rs -o wide` and Scale `status.selector`).
 */
import { ApiError } from '../errors.ts';
import { aggregateMessage, type FieldError } from '../field.ts';
import { compareGoStrings } from './go-strings.ts';
import { newRequirement, type LabelOperator, type Requirement } from './label-requirement.ts';
import { LabelSelector } from './label-selector.ts';

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

// Label and LabelSelector validation live with the rest of ObjectMeta validation; selectors
// offer them too because callers reach for them here.
export { validateLabels, validateLabelSelector, type LabelSelectorOptions as LabelSelectorValidationOptions } from '../validation/objectmeta.ts';
