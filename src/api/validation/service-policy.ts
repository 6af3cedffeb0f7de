// The tail of ValidateService: load-balancer-only fields and the traffic policies, plus the
// update-time immutability of loadBalancerClass and healthCheckNodePort. "Externally
// accessible" and "needs a health check" follow pkg/api/service/util.go.
import { forbidden, invalid, notSupported, required, type FieldError, FieldPath } from '../field.ts';
import { isQualifiedName, isValidPortNum } from './names.ts';
import { isValidCIDR } from './service-ipcheck.ts';
import { arr, isSet, num, obj, str, type Obj } from './util.ts';

const specPath = new FieldPath('spec');
const trafficPolicies = ['Cluster', 'Local'] as const;
const lbOnly = "may only be used when `type` is 'LoadBalancer'";
const sourceRangesAnnotation = 'service.beta.kubernetes.io/load-balancer-source-ranges';

export function externallyAccessible(spec: Obj): boolean {
  return spec['type'] === 'LoadBalancer' || spec['type'] === 'NodePort' || (spec['type'] === 'ClusterIP' && arr(spec['externalIPs']).length > 0);
}

export function needsHealthCheck(spec: Obj): boolean {
  return spec['type'] === 'LoadBalancer' && spec['externalTrafficPolicy'] === 'Local';
}

/**
 * loadBalancerSourceRanges, or the legacy annotation when the field is empty. The field's path
 * really is `spec.LoadBalancerSourceRanges` (capital L) upstream. Values may be space-padded
 * for historical reasons, and the trimmed value is what gets reported.
 */
export function validateSourceRanges(spec: Obj, annotations: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const ranges = arr(spec['loadBalancerSourceRanges']).map(str);
  if (ranges.length > 0) {
    const p = specPath.child('LoadBalancerSourceRanges');
    if (spec['type'] !== 'LoadBalancer') errs.push(forbidden(p.text, lbOnly));
    ranges.forEach((v, i) => errs.push(...isValidCIDR(p.index(i), v.trim())));
  } else if (sourceRangesAnnotation in annotations) {
    const p = new FieldPath('metadata').child('annotations').key(sourceRangesAnnotation);
    if (spec['type'] !== 'LoadBalancer') errs.push(forbidden(p.text, lbOnly));
    const val = str(annotations[sourceRangesAnnotation]).trim();
    if (val !== '') for (const v of val.split(',')) errs.push(...isValidCIDR(p, v.trim()));
  }
  return errs;
}

export function validateAllocateLoadBalancerNodePorts(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const set = isSet(spec['allocateLoadBalancerNodePorts']);
  if (set && spec['type'] !== 'LoadBalancer') errs.push(forbidden(specPath.child('allocateLoadBalancerNodePorts').text, lbOnly));
  // Upstream's path lacks the "spec." prefix here; defaulting makes this unreachable anyway.
  if (spec['type'] === 'LoadBalancer' && !set) errs.push(required('allocateLoadBalancerNodePorts'));
  return errs;
}

/** validateLoadBalancerClassField: `oldSpec` is given on update only. */
export function validateLoadBalancerClassField(oldSpec: Obj | undefined, spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const p = specPath.child('loadBalancerClass').text;
  const cls = isSet(spec['loadBalancerClass']) ? str(spec['loadBalancerClass']) : null;
  if (oldSpec && oldSpec['type'] === 'LoadBalancer' && spec['type'] === 'LoadBalancer') {
    const oldCls = isSet(oldSpec['loadBalancerClass']) ? str(oldSpec['loadBalancerClass']) : null;
    // nil -> value counts as a change; the bad value is the new *string (nil prints "null").
    if (oldCls !== cls) errs.push(invalid(p, cls, 'may not change once set'));
  }
  if (spec['type'] === 'LoadBalancer') {
    if (cls !== null) for (const m of isQualifiedName(cls)) errs.push(invalid(p, cls, m));
  } else if (cls !== null) {
    errs.push(forbidden(p, lbOnly));
  }
  return errs;
}

export function validateServiceExternalTrafficPolicy(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const etp = str(spec['externalTrafficPolicy']);
  const etpPath = specPath.child('externalTrafficPolicy').text;
  if (!externallyAccessible(spec)) {
    if (etp !== '') errs.push(invalid(etpPath, etp, 'may only be set for externally-accessible services'));
  } else if (etp === '') {
    errs.push(required(etpPath));
  } else if (!(trafficPolicies as readonly string[]).includes(etp)) {
    errs.push(notSupported(etpPath, etp, trafficPolicies));
  }
  const hc = num(spec['healthCheckNodePort']);
  const hcPath = specPath.child('healthCheckNodePort').text;
  if (!needsHealthCheck(spec)) {
    if (hc !== 0) errs.push(invalid(hcPath, hc, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  } else if (hc === 0) {
    errs.push(required(hcPath));
  } else {
    for (const m of isValidPortNum(hc)) errs.push(invalid(hcPath, hc, m));
  }
  return errs;
}

/** validateServiceExternalTrafficFieldsUpdate. */
export function validateServiceExternalTrafficFieldsUpdate(oldSpec: Obj, spec: Obj): FieldError[] {
  if (needsHealthCheck(oldSpec) && needsHealthCheck(spec) && num(spec['healthCheckNodePort']) !== num(oldSpec['healthCheckNodePort'])) {
    return [forbidden(specPath.child('healthCheckNodePort').text, 'field is immutable')];
  }
  return [];
}

export function validateServiceInternalTrafficFieldsValue(spec: Obj): FieldError[] {
  const p = specPath.child('internalTrafficPolicy').text;
  if (!isSet(spec['internalTrafficPolicy'])) {
    // Not required for ExternalName: stored objects from before the field existed must stay valid.
    const t = spec['type'];
    return t === 'NodePort' || t === 'LoadBalancer' || t === 'ClusterIP' ? [required(p)] : [];
  }
  const itp = str(spec['internalTrafficPolicy']);
  return (trafficPolicies as readonly string[]).includes(itp) ? [] : [notSupported(p, itp, trafficPolicies)];
}

/** 1.32 knows only PreferClose (PreferSameZone/PreferSameNode came in 1.33). */
export function validateServiceTrafficDistribution(spec: Obj): FieldError[] {
  if (!isSet(spec['trafficDistribution'])) return [];
  const td = str(spec['trafficDistribution']);
  return td === 'PreferClose' ? [] : [notSupported(specPath.child('trafficDistribution').text, td, ['PreferClose'])];
}

export const annotationsOf = (svc: Obj): Obj => obj(obj(svc['metadata'])['annotations']);
