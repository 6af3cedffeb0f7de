/**
 * @module A parsed label selector: an AND of requirements kept sorted by key, as
 * apimachinery's `internalSelector`, plus the `Nothing()` selector a nil metav1.LabelSelector
 * converts to.
 */
import { compareGoStrings } from './go-strings.ts';
import { requirementMatches, requirementString, type Requirement } from './label-requirement.ts';

export type Labels = Readonly<Record<string, string>> | undefined | null;

export class LabelSelector {
  /** Requirements sorted by key (stable for equal keys). */
  readonly requirements: readonly Requirement[];
  /** True when the selector does not restrict anything (it matches every object). */
  readonly empty: boolean;
  /** True only for the selector of a nil metav1.LabelSelector: it matches no object at all. */
  readonly matchesNothing: boolean;

  private constructor(requirements: readonly Requirement[], matchesNothing: boolean) {
    this.requirements = requirements;
    this.matchesNothing = matchesNothing;
    this.empty = !matchesNothing && requirements.length === 0;
  }

  /** Sorts by key as `sort.Sort(ByKey(...))` does so String() is deterministic. */
  static fromRequirements(requirements: readonly Requirement[]): LabelSelector {
    const sorted = [...requirements].sort((a, b) => compareGoStrings(a.key, b.key));
    return new LabelSelector(sorted, false);
  }

  static everything(): LabelSelector {
    return new LabelSelector([], false);
  }

  static nothing(): LabelSelector {
    return new LabelSelector([], true);
  }

  matches(labels: Labels): boolean {
    if (this.matchesNothing) return false;
    const set = labels ?? {};
    return this.requirements.every((r) => requirementMatches(r, set));
  }

  /**
   * RequiresExactMatch: the single value a key must have (`k=v`, `k==v`, `k in (v)`), which
   * lets callers narrow a list by an index before matching.
   */
  requiresExactMatch(key: string): string | undefined {
    const r = this.requirements.find((x) => x.key === key);
    if (!r) return undefined;
    if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) return r.values[0];
    return undefined;
  }

  /** The canonical string form (upstream String()): requirements joined by "," in key order. */
  toString(): string {
    return this.requirements.map(requirementString).join(',');
  }
}
