// The Service /status subresource: ValidateServiceStatusUpdate and ValidateLoadBalancerStatus,
// with the Kubernetes 1.32 feature-gate defaults baked in (AllowServiceLBStatusOnNonLB off,
// LoadBalancerIPMode GA, so an ingress `ip` needs an `ipMode`; defaulting supplies VIP).
import { forbidden, invalid, notSupported, required, type FieldError, FieldPath } from '../field.ts';
import { isDNS1123Subdomain } from './names.ts';
import { validateObjectMetaUpdate } from './objectmeta.ts';
import { isValidIP } from './service-ipcheck.ts';
import { parseIP } from './service-netip.ts';
import { arr, isSet, obj, str, type Obj } from './util.ts';

const supportedIPModes = ['Proxy', 'VIP'] as const;

export function validateLoadBalancerStatus(status: unknown, fld: FieldPath, spec: Obj): FieldError[] {
  const ingress = arr(obj(status)['ingress']).map(obj);
  const ingrPath = fld.child('ingress');
  if (spec['type'] !== 'LoadBalancer' && ingress.length !== 0) {
    return [forbidden(ingrPath.text, "may only be used when `spec.type` is 'LoadBalancer'")];
  }
  const errs: FieldError[] = [];
  ingress.forEach((ing, i) => {
    const p = ingrPath.index(i);
    const ip = str(ing['ip']);
    if (ip) errs.push(...isValidIP(p.child('ip'), ip));
    const hasMode = isSet(ing['ipMode']);
    if (!hasMode) {
      if (ip) errs.push(required(p.child('ipMode').text, 'must be specified when `ip` is set'));
    } else if (!ip) {
      errs.push(forbidden(p.child('ipMode').text, 'may not be specified when `ip` is not set'));
    } else if (!(supportedIPModes as readonly string[]).includes(str(ing['ipMode']))) {
      errs.push(notSupported(p.child('ipMode').text, str(ing['ipMode']), supportedIPModes));
    }
    const hostname = str(ing['hostname']);
    if (hostname) {
      for (const m of isDNS1123Subdomain(hostname)) errs.push(invalid(p.child('hostname').text, hostname, m));
      if (parseIP(hostname)) errs.push(invalid(p.child('hostname').text, hostname, 'must be a DNS name, not an IP address'));
    }
  });
  return errs;
}

/** ValidateServiceStatusUpdate: metadata rules plus the load-balancer status; spec is not re-checked. */
export function validateServiceStatusUpdate(svc: unknown, old: unknown): FieldError[] {
  const n = obj(svc), o = obj(old);
  const errs = validateObjectMetaUpdate(n['metadata'], o['metadata']);
  errs.push(...validateLoadBalancerStatus(obj(n['status'])['loadBalancer'], new FieldPath('status').child('loadBalancer'), obj(n['spec'])));
  return errs;
}
