// The loose pre-validation allocation runs before anything is allocated
// (validation.ValidateServiceClusterIPsRelatedFields, called from initIPFamilyFields): it keeps
// garbage away from the allocators and explains why the user sees these errors *before* the
// ordinary field errors (facts §2.5). Texts and order follow upstream.
import { duplicate, invalid, notSupported, required, internalError, type FieldError } from '../../api/field.ts';
import { parseIP } from './ip-address.ts';
import { clusterIPOf, clusterIPsOf, ClusterIPNone, ipFamiliesOf, isHeadless, type Service } from './service-fields.ts';

const supportedIPFamilies = ['IPv4', 'IPv6'];
const supportedIPFamilyPolicies = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];

/** validation.IsValidIP with the legacy (sloppy) parser. */
export function isValidIPMessages(ip: string): string[] {
  return parseIP(ip) ? [] : ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'];
}

export function validateClusterIPsRelatedFields(svc: Service): FieldError[] {
  if (svc.spec?.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  let hasInvalidIPs = false;
  const clusterIP = clusterIPOf(svc);
  const clusterIPs = clusterIPsOf(svc);
  const ipFamilies = ipFamiliesOf(svc);

  if (clusterIP.length !== 0) {
    if (clusterIPs.length === 0) errs.push(required('spec.clusterIPs'));
    else if (clusterIPs[0] !== clusterIP) errs.push(invalid('spec.clusterIPs', clusterIPs, 'first value must match `clusterIP`'));
  } else if (clusterIPs.length !== 0) {
    errs.push(invalid('spec.clusterIPs', clusterIPs, 'must be empty when `clusterIP` is not specified'));
  }

  const seen = new Set<unknown>();
  ipFamilies.forEach((fam, i) => {
    if (!supportedIPFamilies.includes(fam)) errs.push(notSupported(`spec.ipFamilies[${i}]`, fam, supportedIPFamilies));
    if (seen.has(fam)) errs.push(duplicate(`spec.ipFamilies[${i}]`, fam));
    seen.add(fam);
  });

  const policy = svc.spec?.ipFamilyPolicy;
  if (policy != null && !supportedIPFamilyPolicies.includes(policy)) {
    errs.push(notSupported('spec.ipFamilyPolicy', policy, supportedIPFamilyPolicies));
  }

  clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === ClusterIPNone) {
      if (clusterIPs.length > 1) {
        hasInvalidIPs = true;
        errs.push(invalid('spec.clusterIPs', clusterIPs, "'None' must be the first and only value"));
      }
      return;
    }
    const msgs = isValidIPMessages(ip);
    if (msgs.length) hasInvalidIPs = true;
    for (const m of msgs) errs.push(invalid(`spec.clusterIPs[${i}]`, ip, m));
  });

  if (clusterIPs.length > 2) errs.push(invalid('spec.clusterIPs', clusterIPs, 'may only hold up to 2 values'));

  // Bad IPs would skew the remaining checks (indexes, dual-stackness), so stop here.
  if (hasInvalidIPs) return errs;

  if (clusterIPs.length > 1) {
    const families = clusterIPs.map((ip) => parseIP(ip)?.family);
    if (families.some((f) => f === undefined)) {
      errs.push(internalError('spec.clusterIPs', 'failed to check for dual stack with error:invalid IP'));
    } else if (!(families.includes('IPv4') && families.includes('IPv6'))) {
      // netutils.IsDualStackIPStrings: at least one of each family (the count is checked above).
      errs.push(invalid('spec.clusterIPs', clusterIPs, 'may specify no more than one IP for each IP family'));
    }
  }

  if (!isHeadless(svc) && clusterIPs.length > 0 && ipFamilies.length > 0) {
    for (let i = 0; i < clusterIPs.length && i < ipFamilies.length; i++) {
      const ipFamily = parseIP(clusterIPs[i]!)?.family;
      if (ipFamilies[i] === 'IPv4' && ipFamily === 'IPv6') {
        errs.push(invalid(`spec.clusterIPs[${i}]`, clusterIPs[i], `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      }
      if (ipFamilies[i] === 'IPv6' && ipFamily !== 'IPv6') {
        errs.push(invalid(`spec.clusterIPs[${i}]`, clusterIPs[i], `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
      }
    }
  }
  return errs;
}
