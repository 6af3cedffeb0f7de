/**
 * @module Label and field selectors with Kubernetes' exact syntax, semantics and error texts.
 */
export { parseLabelSelector } from './label-parser.ts';
export { LabelSelector, type Labels } from './label-selector.ts';
export { newRequirement, requirementMatches, requirementString, type LabelOperator, type Requirement } from './label-requirement.ts';
export {
  labelSelectorFromObject,
  selectorToString,
  formatLabelSelector,
  validateLabelSelector,
  validateLabels,
  type LabelSelectorObject,
  type LabelSelectorRequirementObject,
  type LabelSelectorOperator,
  type LabelSelectorValidationOptions,
} from './label-selector-object.ts';
export { isQualifiedName, isValidLabelValue } from './label-syntax.ts';
export {
  parseFieldSelector,
  FieldSelector,
  escapeFieldValue,
  unescapeFieldValue,
  fieldLabelNotSupported,
  type FieldRequirement,
  type FieldOperator,
  type FieldGetter,
} from './field-selector.ts';
