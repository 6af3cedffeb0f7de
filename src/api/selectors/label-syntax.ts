/**
 * @module Label key and value syntax checks used by selector parsing and LabelSelector
 * validation. They are apimachinery's `IsQualifiedName` / `IsValidLabelValue`, which the
 * validation module already implements with the Kubernetes 1.32 texts; one copy only.
 */
export { isQualifiedName, isValidLabelValue } from '../validation/names.ts';
