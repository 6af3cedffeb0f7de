// The NodeAffinity filter: spec.nodeSelector and requiredDuringSchedulingIgnoredDuringExecution,
// matched as upstream's component-helpers nodeaffinity.GetRequiredNodeAffinity does.
import type { Obj } from '../../client/index.ts';

interface Requirement {
  key: string;
  operator: string;
  values?: string[];
}

interface Term {
  matchExpressions?: Requirement[];
  matchFields?: Requirement[];
}

/** labels.Requirement.Matches for the node selector operators; a malformed one never matches. */
function labelRequirementMatches(r: Requirement, labels: Record<string, string>): boolean {
  const values = r.values ?? [];
  const has = Object.hasOwn(labels, r.key);
  const v = labels[r.key];
  switch (r.operator) {
    case 'In':
      return has && values.includes(v!);
    case 'NotIn':
      return !has || !values.includes(v!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1) return false;
      const label = parseInt64(v!);
      const bound = parseInt64(values[0]!);
      if (label === undefined || bound === undefined) return false;
      return r.operator === 'Gt' ? label > bound : label < bound;
    }
    default:
      return false;
  }
}

function parseInt64(s: string): bigint | undefined {
  return /^[+-]?\d+$/.test(s) ? BigInt(s) : undefined;
}

/** Only metadata.name is a node field selector key, with In and NotIn. */
function fieldRequirementMatches(r: Requirement, node: Obj): boolean {
  if (r.key !== 'metadata.name') return false;
  const values = r.values ?? [];
  if (r.operator === 'In') return values.includes(node.metadata.name);
  if (r.operator === 'NotIn') return !values.includes(node.metadata.name);
  return false;
}

/** An empty term selects no node; a term's expressions and fields are ANDed. */
function termMatches(term: Term, node: Obj): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = (node.metadata.labels ?? {}) as Record<string, string>;
  return exprs.every((r) => labelRequirementMatches(r, labels)) && fields.every((r) => fieldRequirementMatches(r, node));
}

/** Whether the pod's nodeSelector and required node affinity both admit the node. */
export function matchesNodeSelectorAndAffinity(pod: Obj, node: Obj): boolean {
  const labels = (node.metadata.labels ?? {}) as Record<string, string>;
  const selector = (pod.spec?.nodeSelector ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries(selector)) if (labels[k] !== v) return false;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution as { nodeSelectorTerms?: Term[] } | undefined;
  if (!required) return true;
  // The terms are ORed.
  return (required.nodeSelectorTerms ?? []).some((t) => termMatches(t, node));
}
