// Go %#v renderings of typed values that upstream passes to field.Invalid. The text after
// "Invalid value:" is whatever fmt prints for the Go type, so a plain JSON rendering would
// not match what kubectl shows; these build the Go form from our JSON shapes.
import { GoValue, quoteGo } from '../field.ts';

type Obj = Record<string, unknown>;

const sortedKeys = (m: Obj) => Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** map[string]string with Go's sorted keys; a missing map is a nil map. */
export function goStringMap(m: unknown): string {
  if (m === undefined || m === null) return 'map[string]string(nil)';
  const o = m as Obj;
  return `map[string]string{${sortedKeys(o).map((k) => `${quoteGo(k)}:${quoteGo(String(o[k]))}`).join(', ')}}`;
}

export function goStringSlice(a: unknown): string {
  if (!Array.isArray(a)) return '[]string(nil)';
  return `[]string{${a.map((s) => quoteGo(String(s))).join(', ')}}`;
}

/** intstr.IntOrString as %#v prints it: Type 0 is Int, 1 is String. */
export function goIntOrString(v: unknown): GoValue {
  if (typeof v === 'string') return new GoValue(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${quoteGo(v)}}`);
  return new GoValue(`intstr.IntOrString{Type:0, IntVal:${typeof v === 'number' ? v : 0}, StrVal:""}`);
}

/** *metav1.LabelSelector dereferenced, as %#v prints it (`v1.LabelSelector{...}`). */
export function goLabelSelector(sel: unknown): GoValue {
  const s = (sel ?? {}) as Obj;
  const exprs = s['matchExpressions'];
  let exprText: string;
  if (!Array.isArray(exprs)) exprText = '[]v1.LabelSelectorRequirement(nil)';
  else {
    const items = exprs.map((e) => {
      const r = (e ?? {}) as Obj;
      return `v1.LabelSelectorRequirement{Key:${quoteGo(String(r['key'] ?? ''))}, Operator:${quoteGo(String(r['operator'] ?? ''))}, Values:${goStringSlice(r['values'])}}`;
    });
    exprText = `[]v1.LabelSelectorRequirement{${items.join(', ')}}`;
  }
  return new GoValue(`v1.LabelSelector{MatchLabels:${goStringMap(s['matchLabels'])}, MatchExpressions:${exprText}}`);
}

/** A Go value printed with %#v when upstream passes a map[string]string. */
export const goMapValue = (m: unknown) => new GoValue(goStringMap(m));
export const goSliceValue = (a: unknown) => new GoValue(goStringSlice(a));
