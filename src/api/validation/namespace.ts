// Namespace and Node validation (pkg/apis/core/validation), basic but with upstream wording.
import { forbidden, invalid, notSupported, required, type FieldError, FieldPath } from '../field.ts';
import { validateLabelName, validateObjectMeta, validateObjectMetaUpdate, validateKubeFinalizerName } from './objectmeta.ts';
import { isQualifiedName, isValidLabelValue } from './names.ts';
import { arr, obj, str } from './util.ts';

function validateNamespaceFinalizers(spec: unknown): FieldError[] {
  const fld = new FieldPath('spec').child('finalizers');
  const errs: FieldError[] = [];
  for (const f of arr(obj(spec)['finalizers']).map(str)) {
    for (const m of isQualifiedName(f)) errs.push(invalid(fld.text, f, m));
    errs.push(...validateKubeFinalizerName(f, fld));
  }
  return errs;
}

export function validateNamespace(ns: unknown): FieldError[] {
  const o = obj(ns);
  return [...validateObjectMeta(o['metadata'], { namespaced: false, nameValidator: 'label' }), ...validateNamespaceFinalizers(o['spec'])];
}

/** ValidateNamespaceUpdate: spec and status changes are dropped by the strategy, metadata rules apply. */
export function validateNamespaceUpdate(newNs: unknown, oldNs: unknown): FieldError[] {
  return validateObjectMetaUpdate(obj(newNs)['metadata'], obj(oldNs)['metadata']);
}

const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function validateTaints(taints: unknown, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  arr(taints).forEach((t, i) => {
    const taint = obj(t);
    const p = fld.index(i);
    const key = str(taint['key']);
    errs.push(...validateLabelName(key, p.child('key')));
    const value = str(taint['value']);
    for (const m of isValidLabelValue(value)) errs.push(invalid(p.child('value').text, value, m));
    const effect = str(taint['effect']);
    if (!effect) errs.push(required(p.child('effect').text));
    else if (!taintEffects.includes(effect)) errs.push(notSupported(p.child('effect').text, effect, taintEffects));
    const id = `${key}:${effect}`;
    if (seen.has(id)) errs.push(invalid(p.text, `${key}=${value}:${effect}`, 'taints must be unique by key and effect pair'));
    seen.add(id);
  });
  return errs;
}

const cidrRe = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$|^[0-9a-fA-F:]+\/\d{1,3}$/;

export function validateNode(node: unknown): FieldError[] {
  const o = obj(node);
  const spec = obj(o['spec']);
  const errs = validateObjectMeta(o['metadata'], { namespaced: false, nameValidator: 'subdomain' });
  errs.push(...validateTaints(spec['taints'], new FieldPath('spec').child('taints')));
  const cidrs = arr(spec['podCIDRs']).map(str);
  cidrs.forEach((c, i) => {
    if (!cidrRe.test(c)) errs.push(invalid(`spec.podCIDRs[${i}]`, c, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
  });
  if (cidrs.length > 1) {
    const v4 = cidrs.filter((c) => c.includes('.')).length;
    if (cidrs.length > 2 || v4 !== 1) errs.push(invalid('spec.podCIDRs', cidrs, 'may specify no more than one CIDR for each IP family'));
  }
  return errs;
}

/** ValidateNodeUpdate basics: podCIDR(s) and providerID may only be set once. */
export function validateNodeUpdate(newNode: unknown, oldNode: unknown): FieldError[] {
  const n = obj(newNode), o = obj(oldNode);
  const ns = obj(n['spec']), os = obj(o['spec']);
  const errs = validateObjectMetaUpdate(n['metadata'], o['metadata']);
  errs.push(...validateNode(newNode).filter((e) => !e.field.startsWith('metadata')));
  const oldCIDRs = arr(os['podCIDRs']).map(str);
  if (oldCIDRs.length > 0) {
    const newCIDRs = arr(ns['podCIDRs']).map(str);
    if (newCIDRs.length !== oldCIDRs.length || newCIDRs.some((c, i) => c !== oldCIDRs[i])) {
      errs.push(forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
    }
  }
  if (str(os['providerID']) && str(ns['providerID']) !== str(os['providerID'])) {
    errs.push(forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  }
  return errs;
}
