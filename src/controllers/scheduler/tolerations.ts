// Taints and tolerations as upstream's v1 helpers match them (Toleration.ToleratesTaint,
// TolerationsTolerateTaint, FindMatchingUntoleratedTaint). Shared with the node lifecycle
// controller, which evicts pods that do not tolerate NoExecute taints.

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** Toleration.ToleratesTaint: an empty effect or key matches all; "" operator means Equal. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

export function tolerationsTolerateTaint(tolerations: readonly Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => toleratesTaint(t, taint));
}

/** The first taint passing `filter` that no toleration tolerates. */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[], filter: (t: Taint) => boolean): Taint | undefined {
  return taints.find((taint) => filter(taint) && !tolerationsTolerateTaint(tolerations, taint));
}

/** The taints the scheduler must not place pods under (helper.DoNotScheduleTaintsFilterFunc). */
export const doNotSchedule = (t: Taint) => t.effect === 'NoSchedule' || t.effect === 'NoExecute';

/**
 * GetMatchingTolerations: whether every taint is tolerated, and the tolerations that did
 * (the first match for each taint, as upstream).
 */
export function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[]): { all: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations.find((x) => toleratesTaint(x, taint));
    if (!t) return { all: false, used: [] };
    used.push(t);
  }
  return { all: true, used };
}

export const taintsOf = (node: Record<string, any>): Taint[] => (node.spec?.taints ?? []) as Taint[];
export const tolerationsOf = (pod: Record<string, any>): Toleration[] => (pod.spec?.tolerations ?? []) as Toleration[];
