// String forms of labels and label selectors for the SELECTOR columns.
// Selector objects (matchLabels + matchExpressions) go through src/api/selectors, which owns
// metav1.LabelSelectorAsSelector and its validation; plain maps are formatted here.
import { formatLabelSelector as formatSelectorObject, selectorToString, type LabelSelectorObject } from '../../api/selectors/index.ts';

/** labels.Set(m).String(): `k=v` pairs sorted by key, joined by `,` ('' when empty). */
export function labelSetString(m: Record<string, string> | null | undefined): string {
  const set = m ?? {};
  return Object.keys(set)
    .sort()
    .map((k) => `${k}=${set[k]}`)
    .join(',');
}

/** labels.FormatLabels (Service selector): like labelSetString, but `<none>` when empty. */
export function formatLabels(m: Record<string, string> | null | undefined): string {
  return labelSetString(m) || '<none>';
}

/**
 * LabelSelectorAsSelector(s).String(), as printDeployment uses it: '' for a missing or empty
 * selector, `<invalid>` when it does not convert.
 */
export function selectorStringOrInvalid(s: LabelSelectorObject | null | undefined): string {
  try {
    return selectorToString(s);
  } catch {
    return '<invalid>';
  }
}

/** metav1.FormatLabelSelector (ReplicaSet): `<none>` when empty, `<error>` when it does not convert. */
export function formatLabelSelector(s: LabelSelectorObject | null | undefined): string {
  return formatSelectorObject(s);
}
