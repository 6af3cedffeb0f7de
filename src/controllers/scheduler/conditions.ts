// podutil.UpdatePodCondition: a condition replaces the one of its type outright; its
// lastTransitionTime moves only when the status changes. Reports whether anything changed.

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
}

export const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function updateCondition(conditions: readonly Condition[], wanted: Omit<Condition, 'lastTransitionTime'>, now: Date): { conditions: Condition[]; changed: boolean } {
  const out = conditions.map((c) => ({ ...c }));
  const i = out.findIndex((c) => c.type === wanted.type);
  const old = i >= 0 ? out[i] : undefined;
  const cond: Condition = { lastProbeTime: null, ...wanted, lastTransitionTime: old && old.status === wanted.status && old.lastTransitionTime ? old.lastTransitionTime : rfc3339(now) };
  if (!old) return { conditions: [...out, cond], changed: true };
  const changed = old.status !== cond.status || (old.reason ?? '') !== (cond.reason ?? '') || (old.message ?? '') !== (cond.message ?? '') || (old.lastProbeTime ?? null) !== (cond.lastProbeTime ?? null) || old.lastTransitionTime !== cond.lastTransitionTime;
  out[i] = cond;
  return { conditions: out, changed };
}
