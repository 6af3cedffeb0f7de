// apps/v1 Deployment and ReplicaSet validation (pkg/apis/apps/validation) and the /scale
// subresource check. Selector immutability on update is the apps/v1 strategy's rule.
import { forbidden, GoValue, invalid, notSupported, required, type FieldError, FieldPath } from '../field.ts';
import { goIntOrString, goLabelSelector, goMapValue } from './gorender.ts';
import { isValidPercent } from './names.ts';
import { validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from './objectmeta.ts';
import { validatePodTemplateSpec } from './pod.ts';
import { arr, isSet, num, obj, sortedEntries, str, validateImmutableField, validateNonnegativeField, type Obj } from './util.ts';

/**
 * labels.Selector semantics of metav1.LabelSelectorAsSelector: a nil selector selects nothing
 * (and is *not* Empty(), so the template-labels check still runs and fails); `{}` selects
 * everything. Returns undefined for selectors that fail conversion.
 */
function selectorMatches(sel: unknown, labels: Obj): boolean | undefined {
  if (sel === undefined || sel === null) return false;
  const s = obj(sel);
  for (const [k, v] of sortedEntries(s['matchLabels'])) if (labels[k] !== v) return false;
  for (const e of arr(s['matchExpressions'])) {
    const r = obj(e);
    const key = str(r['key']);
    const values = arr(r['values']).map(str);
    const has = key in labels;
    switch (str(r['operator'])) {
      case 'In': if (!has || !values.includes(str(labels[key]))) return false; break;
      case 'NotIn': if (has && values.includes(str(labels[key]))) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return undefined;
    }
  }
  return true;
}

const selectorIsEmpty = (sel: unknown) => isSet(sel) && Object.keys(obj(obj(sel)['matchLabels'])).length === 0 && arr(obj(sel)['matchExpressions']).length === 0;

/** ValidatePodTemplateSpecForReplicaSet. */
function validateTemplateForReplicaSet(template: unknown, selector: unknown, fld: FieldPath): FieldError[] {
  const t = obj(template);
  const labels = obj(t['metadata'])['labels'];
  const errs: FieldError[] = [];
  if (!selectorIsEmpty(selector) && !selectorMatches(selector, obj(labels))) {
    errs.push(invalid(fld.child('metadata', 'labels').text, goMapValue(labels), '`selector` does not match template `labels`'));
  }
  errs.push(...validatePodTemplateSpec(template, fld));
  const spec = obj(t['spec']);
  const rp = str(spec['restartPolicy']);
  if (rp !== 'Always') errs.push(notSupported(fld.child('spec', 'restartPolicy').text, rp, ['Always']));
  if (isSet(spec['activeDeadlineSeconds'])) errs.push(forbidden(fld.child('spec', 'activeDeadlineSeconds').text, 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  return errs;
}

/** Shared head of ValidateDeploymentSpec / ValidateReplicaSetSpec: replicas, selector, template. */
function validateSelectorAndTemplate(spec: Obj, fld: FieldPath, kind: 'deployment' | 'replicaset'): FieldError[] {
  const errs = validateNonnegativeField(num(spec['replicas']), fld.child('replicas'));
  if (kind === 'replicaset') errs.push(...validateNonnegativeField(num(spec['minReadySeconds']), fld.child('minReadySeconds')));
  const sel = spec['selector'];
  if (!isSet(sel)) errs.push(required(fld.child('selector').text));
  else {
    errs.push(...validateLabelSelector(sel, fld.child('selector')));
    // ReplicaSet says "deployment" too: upstream copied the message.
    if (selectorIsEmpty(sel)) errs.push(invalid(fld.child('selector').text, goLabelSelector(sel), 'empty selector is invalid for deployment'));
  }
  if (isSet(sel) && selectorMatches(sel, {}) === undefined) {
    errs.push(invalid(fld.child('selector').text, goLabelSelector(sel), 'invalid label selector'));
  } else {
    errs.push(...validateTemplateForReplicaSet(spec['template'], sel, fld.child('template')));
  }
  return errs;
}

function percentValue(v: unknown): number | undefined {
  if (typeof v !== 'string' || isValidPercent(v).length) return undefined;
  return Number(v.slice(0, -1));
}
// intstr.IntValue(): a non-percent string parses with Atoi, failing to 0.
const intOrPercentValue = (v: unknown) => percentValue(v) ?? (typeof v === 'number' ? v : Number.parseInt(str(v), 10) || 0);

function validatePositiveIntOrPercent(v: unknown, fld: FieldPath): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((m) => invalid(fld.text, goIntOrString(v), m));
  return validateNonnegativeField(typeof v === 'number' ? v : 0, fld);
}

function validateDeploymentStrategy(strategy: unknown, fld: FieldPath): FieldError[] {
  const s = obj(strategy);
  const type = str(s['type']);
  if (type === 'Recreate') {
    return isSet(s['rollingUpdate']) ? [forbidden(fld.child('rollingUpdate').text, "may not be specified when strategy `type` is 'Recreate'")] : [];
  }
  if (type === 'RollingUpdate') {
    if (!isSet(s['rollingUpdate'])) return [required(fld.child('rollingUpdate').text, 'this should be defaulted and never be nil')];
    const ru = obj(s['rollingUpdate']);
    const p = fld.child('rollingUpdate');
    const errs = validatePositiveIntOrPercent(ru['maxUnavailable'], p.child('maxUnavailable'));
    errs.push(...validatePositiveIntOrPercent(ru['maxSurge'], p.child('maxSurge')));
    if (intOrPercentValue(ru['maxUnavailable']) === 0 && intOrPercentValue(ru['maxSurge']) === 0) {
      errs.push(invalid(p.child('maxUnavailable').text, goIntOrString(ru['maxUnavailable']), 'may not be 0 when `maxSurge` is 0'));
    }
    const pct = percentValue(ru['maxUnavailable']);
    if (pct !== undefined && pct > 100) errs.push(invalid(p.child('maxUnavailable').text, goIntOrString(ru['maxUnavailable']), 'must not be greater than 100%'));
    return errs;
  }
  const rollingUpdate = isSet(s['rollingUpdate']) ? '(*apps.RollingUpdateDeployment)(0xc000000001)' : '(*apps.RollingUpdateDeployment)(nil)';
  return [notSupported(fld.text, new GoValue(`apps.DeploymentStrategy{Type:${JSON.stringify(type)}, RollingUpdate:${rollingUpdate}}`), ['Recreate', 'RollingUpdate'])];
}

/** ValidateDeploymentSpec. */
export function validateDeploymentSpec(specIn: unknown, fld: FieldPath = new FieldPath('spec')): FieldError[] {
  const spec = obj(specIn);
  const errs = validateSelectorAndTemplate(spec, fld, 'deployment');
  errs.push(...validateDeploymentStrategy(spec['strategy'], fld.child('strategy')));
  const minReady = num(spec['minReadySeconds']);
  errs.push(...validateNonnegativeField(minReady, fld.child('minReadySeconds')));
  if (typeof spec['revisionHistoryLimit'] === 'number') errs.push(...validateNonnegativeField(spec['revisionHistoryLimit'], fld.child('revisionHistoryLimit')));
  const pds = spec['progressDeadlineSeconds'];
  if (typeof pds === 'number') {
    errs.push(...validateNonnegativeField(pds, fld.child('progressDeadlineSeconds')));
    if (pds <= minReady) errs.push(invalid(fld.child('progressDeadlineSeconds').text, pds, 'must be greater than minReadySeconds'));
  }
  return errs;
}

export function validateDeployment(d: unknown): FieldError[] {
  const o = obj(d);
  return [...validateObjectMeta(o['metadata'], { namespaced: true, nameValidator: 'subdomain' }), ...validateDeploymentSpec(o['spec'])];
}

/** ValidateDeploymentUpdate plus the apps/v1 strategy's selector immutability. */
export function validateDeploymentUpdate(newD: unknown, oldD: unknown): FieldError[] {
  const n = obj(newD), o = obj(oldD);
  const errs = validateObjectMetaUpdate(n['metadata'], o['metadata']);
  errs.push(...validateDeploymentSpec(n['spec']));
  errs.push(...validateImmutableField(obj(n['spec'])['selector'], obj(o['spec'])['selector'], new FieldPath('spec').child('selector'), goLabelSelector));
  return errs;
}

export function validateReplicaSet(rs: unknown): FieldError[] {
  const o = obj(rs);
  return [...validateObjectMeta(o['metadata'], { namespaced: true, nameValidator: 'subdomain' }), ...validateSelectorAndTemplate(obj(o['spec']), new FieldPath('spec'), 'replicaset')];
}

export function validateReplicaSetUpdate(newRS: unknown, oldRS: unknown): FieldError[] {
  const n = obj(newRS), o = obj(oldRS);
  const errs = validateObjectMetaUpdate(n['metadata'], o['metadata']);
  errs.push(...validateSelectorAndTemplate(obj(n['spec']), new FieldPath('spec'), 'replicaset'));
  errs.push(...validateImmutableField(obj(n['spec'])['selector'], obj(o['spec'])['selector'], new FieldPath('spec').child('selector'), goLabelSelector));
  return errs;
}

/** ValidateScale (autoscaling/v1 Scale for the /scale subresource). */
export function validateScale(scale: unknown): FieldError[] {
  const o = obj(scale);
  const errs = validateObjectMeta(o['metadata'], { namespaced: true, nameValidator: 'subdomain' });
  const replicas = num(obj(o['spec'])['replicas']);
  if (replicas < 0) errs.push(invalid('spec.replicas', replicas, 'must be greater than or equal to 0'));
  return errs;
}
