/**
 * @module One label requirement (`key op values`), as apimachinery `labels.Requirement`:
 * construction with upstream's validation (`NewRequirement`), matching and printing.
 */
import { invalid, notSupported, type FieldError } from '../field.ts';
import { compareGoStrings } from './go-strings.ts';
import { isQualifiedName, isValidLabelValue } from './label-syntax.ts';

/**
 * selection.Operator values, spelled as upstream spells them: they appear in error messages
 * (`expected: in, notin, =, ==, !=, gt, lt`).
 */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'gt' | 'lt' | 'exists' | '!';

export const binaryOperators: readonly LabelOperator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];
const validRequirementOperators: readonly LabelOperator[] = [...binaryOperators, 'exists', '!'];

export interface Requirement {
  readonly key: string;
  readonly operator: LabelOperator;
  /** Values in construction order; the parser hands them over sorted and de-duplicated. */
  readonly values: readonly string[];
}

/** Go's strconv.ParseInt(s, 10, 64) acceptance. */
const int64Pattern = /^[+-]?[0-9]+$/;
function parseInt64(s: string): bigint | undefined {
  if (!int64Pattern.test(s)) return undefined;
  const n = BigInt(s);
  if (n > 9223372036854775807n || n < -9223372036854775808n) return undefined;
  return n;
}

/**
 * labels.NewRequirement: returns the requirement and the errors upstream aggregates. Field paths
 * are relative to an absent root, exactly as `labels.Parse` reports them (`key`, `values`,
 * `values[0][app]`).
 */
export function newRequirement(key: string, operator: string, values: readonly string[]): { requirement: Requirement; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length > 0) errors.push(invalid('key', key, keyErrs.join('; ')));
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) errors.push(invalid('values', [...values], "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) errors.push(invalid('values', [...values], 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) errors.push(invalid('values', [...values], 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) errors.push(invalid('values', [...values], "for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) errors.push(invalid(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
    default:
      errors.push(notSupported('operator', operator, validRequirementOperators));
  }
  values.forEach((v, i) => {
    const valueErrs = isValidLabelValue(v);
    if (valueErrs.length > 0) errors.push(invalid(`values[${i}][${key}]`, v, valueErrs.join('; ')));
  });
  return { requirement: { key, operator: operator as LabelOperator, values: [...values] }, errors };
}

export function requirementMatches(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key]! : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return value !== undefined && r.values.includes(value);
    case 'notin':
    case '!=':
      // A missing key satisfies a negative requirement.
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (value === undefined || r.values.length !== 1) return false;
      const have = parseInt64(value);
      const want = parseInt64(r.values[0]!);
      if (have === undefined || want === undefined) return false;
      return r.operator === 'gt' ? have > want : have < want;
    }
  }
}

const sortedCopy = (values: readonly string[]) => [...values].sort(compareGoStrings);

/** Requirement.String(): `!k`, `k`, `k=v`, `k in (a,b)`; multiple values print sorted. */
export function requirementString(r: Requirement): string {
  let s = r.operator === '!' ? `!${r.key}` : r.key;
  switch (r.operator) {
    case 'exists':
    case '!':
      return s;
    case 'in':
      s += ' in ';
      break;
    case 'notin':
      s += ' notin ';
      break;
    case 'gt':
      s += '>';
      break;
    case 'lt':
      s += '<';
      break;
    default:
      s += r.operator;
  }
  const values = r.values.length === 1 ? r.values[0]! : sortedCopy(r.values).join(',');
  return r.operator === 'in' || r.operator === 'notin' ? `${s}(${values})` : s + values;
}
