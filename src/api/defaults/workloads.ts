// apps/v1 defaulting (pkg/apis/apps/v1/defaults.go). apps/v1 does NOT fill the selector from
// the template labels (only extensions/v1beta1 did), so a Deployment without a selector stays
// without one and fails validation with `spec.selector: Required value`.
import { defaultPodTemplate } from './pod.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const unset = (v: unknown) => v === undefined || v === null;

export function defaultDeployment(d: Obj): void {
  const spec = isObj(d['spec']) ? d['spec'] : (d['spec'] = {});
  if (unset(spec['replicas'])) spec['replicas'] = 1;
  const strategy = isObj(spec['strategy']) ? spec['strategy'] : (spec['strategy'] = {});
  if (!strategy['type']) strategy['type'] = 'RollingUpdate';
  if (strategy['type'] === 'RollingUpdate') {
    const ru = isObj(strategy['rollingUpdate']) ? strategy['rollingUpdate'] : (strategy['rollingUpdate'] = {});
    if (unset(ru['maxUnavailable'])) ru['maxUnavailable'] = '25%';
    if (unset(ru['maxSurge'])) ru['maxSurge'] = '25%';
  }
  if (unset(spec['revisionHistoryLimit'])) spec['revisionHistoryLimit'] = 10;
  if (unset(spec['progressDeadlineSeconds'])) spec['progressDeadlineSeconds'] = 600;
  defaultPodTemplate(spec['template']);
}

export function defaultReplicaSet(rs: Obj): void {
  const spec = isObj(rs['spec']) ? rs['spec'] : (rs['spec'] = {});
  if (unset(spec['replicas'])) spec['replicas'] = 1;
  defaultPodTemplate(spec['template']);
}
