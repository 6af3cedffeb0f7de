// clusterIP / clusterIPs / ipFamilies / ipFamilyPolicy: ValidateServiceClusterIPsRelatedFields
// (create and update) and the update-only validateUpgradeDowngradeClusterIPs / IPFamilies.
// The registry has already normalised clusterIP into clusterIPs and allocated, so these see the
// stored shape. Several messages pass a different field's value than their path names (e.g.
// ipFamilies[0] reporting clusterIPs); that is upstream's text and is kept.
import { duplicate, GoValue, invalid, notSupported, quoteGo, required, type FieldError, FieldPath } from '../field.ts';
import { goSliceValue } from './gorender.ts';
import { isValidIP } from './service-ipcheck.ts';
import { isIPv6String, parseIP, to4 } from './service-netip.ts';
import { arr, isSet, str, type Obj } from './util.ts';

const supportedIPFamilies = ['IPv4', 'IPv6'] as const;
const supportedIPFamilyPolicies = ['PreferDualStack', 'RequireDualStack', 'SingleStack'] as const;

const specPath = new FieldPath('spec');
const clusterIPsPath = specPath.child('clusterIPs');
const ipFamiliesPath = specPath.child('ipFamilies');
const ipFamilyPolicyPath = specPath.child('ipFamilyPolicy');

const clusterIPsOf = (spec: Obj) => arr(spec['clusterIPs']).map(str);
const ipFamiliesOf = (spec: Obj) => arr(spec['ipFamilies']).map(str);

/** %#v of []core.IPFamily. */
const goFamilies = (v: unknown) =>
  new GoValue(Array.isArray(v) ? `[]core.IPFamily{${v.map((f) => quoteGo(str(f))).join(', ')}}` : '[]core.IPFamily(nil)');

/** A *core.IPFamilyPolicy as the bad value: nil prints "null", otherwise the string. */
const policyValue = (spec: Obj) => (isSet(spec['ipFamilyPolicy']) ? str(spec['ipFamilyPolicy']) : null);

export function isHeadlessService(spec: Obj): boolean {
  const ips = clusterIPsOf(spec);
  return ips.length === 1 && ips[0] === 'None';
}

/** netutils.IsDualStackIPStrings: at least one address of each family. */
function isDualStack(ips: readonly string[]): boolean {
  let v4 = false, v6 = false;
  for (const s of ips) {
    const ip = parseIP(s);
    if (!ip) return false;
    if (to4(ip)) v4 = true;
    else v6 = true;
  }
  return v4 && v6;
}

export function validateServiceClusterIPsRelatedFields(spec: Obj): FieldError[] {
  if (spec['type'] === 'ExternalName') return []; // all four were checked to be unset earlier
  const errs: FieldError[] = [];
  const clusterIP = str(spec['clusterIP']);
  const clusterIPs = clusterIPsOf(spec);
  let hasInvalidIPs = false;

  if (clusterIP) {
    if (clusterIPs.length === 0) errs.push(required(clusterIPsPath.text));
    else if (clusterIPs[0] !== clusterIP) errs.push(invalid(clusterIPsPath.text, goSliceValue(spec['clusterIPs']), 'first value must match `clusterIP`'));
  } else if (clusterIPs.length !== 0) {
    errs.push(invalid(clusterIPsPath.text, goSliceValue(spec['clusterIPs']), 'must be empty when `clusterIP` is not specified'));
  }

  const seen = new Set<string>();
  ipFamiliesOf(spec).forEach((f, i) => {
    if (!(supportedIPFamilies as readonly string[]).includes(f)) errs.push(notSupported(ipFamiliesPath.index(i).text, f, supportedIPFamilies));
    if (seen.has(f)) errs.push(duplicate(ipFamiliesPath.index(i).text, f));
    seen.add(f);
  });

  if (isSet(spec['ipFamilyPolicy'])) {
    const p = str(spec['ipFamilyPolicy']);
    if (!(supportedIPFamilyPolicies as readonly string[]).includes(p)) errs.push(notSupported(ipFamilyPolicyPath.text, p, supportedIPFamilyPolicies));
  }

  clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (clusterIPs.length > 1) {
        hasInvalidIPs = true;
        errs.push(invalid(clusterIPsPath.text, goSliceValue(spec['clusterIPs']), "'None' must be the first and only value"));
      }
      return;
    }
    const ipErrs = isValidIP(clusterIPsPath.index(i), ip);
    if (ipErrs.length) hasInvalidIPs = true;
    errs.push(...ipErrs);
  });

  if (clusterIPs.length > 2) errs.push(invalid(clusterIPsPath.text, goSliceValue(spec['clusterIPs']), 'may only hold up to 2 values'));

  // Bad or misplaced values would skew the family checks below, so upstream stops here.
  if (hasInvalidIPs) return errs;

  if (clusterIPs.length > 1 && !isDualStack(clusterIPs)) {
    errs.push(invalid(clusterIPsPath.text, goSliceValue(spec['clusterIPs']), 'may specify no more than one IP for each IP family'));
  }

  const families = ipFamiliesOf(spec);
  if (!isHeadlessService(spec) && clusterIPs.length > 0 && families.length > 0) {
    for (let i = 0; i < clusterIPs.length && i < families.length; i++) {
      const ip = clusterIPs[i]!;
      if (families[i] === 'IPv4' && isIPv6String(ip)) errs.push(invalid(clusterIPsPath.index(i).text, ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      if (families[i] === 'IPv6' && !isIPv6String(ip)) errs.push(invalid(clusterIPsPath.index(i).text, ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
    }
  }
  return errs;
}

/** validateUpgradeDowngradeClusterIPs: the primary IP is fixed; a secondary may come and go. */
export function validateUpgradeDowngradeClusterIPs(oldSpec: Obj, spec: Obj): FieldError[] {
  if (spec['type'] === 'ExternalName' || oldSpec['type'] === 'ExternalName') return [];
  if (isHeadlessService(oldSpec) && isHeadlessService(spec)) return [];
  const errs: FieldError[] = [];
  const oldIPs = clusterIPsOf(oldSpec);
  const newIPs = clusterIPsOf(spec);
  const bad = () => goSliceValue(spec['clusterIPs']);
  const first = clusterIPsPath.index(0).text;
  if (oldIPs.length === newIPs.length) {
    oldIPs.forEach((ip, i) => {
      if (ip !== newIPs[i]) errs.push(invalid(clusterIPsPath.index(i).text, bad(), 'may not change once set'));
    });
  } else if (oldIPs.length > newIPs.length) {
    if (newIPs.length === 0) errs.push(invalid(first, bad(), 'primary clusterIP can not be unset'));
    if (oldIPs.length > 0 && newIPs.length > 0 && newIPs[0] !== oldIPs[0]) errs.push(invalid(first, bad(), 'may not change once set'));
    if (newIPs.length === 1 && spec['ipFamilyPolicy'] !== 'SingleStack') {
      errs.push(invalid(ipFamilyPolicyPath.text, policyValue(spec), "must be set to 'SingleStack' when releasing the secondary clusterIP"));
    }
  } else if (oldIPs.length > 0 && newIPs[0] !== oldIPs[0]) {
    errs.push(invalid(first, bad(), 'may not change once set'));
  }
  return errs;
}

/** validateUpgradeDowngradeIPFamilies: same idea for families; headless Services may switch. */
export function validateUpgradeDowngradeIPFamilies(oldSpec: Obj, spec: Obj): FieldError[] {
  if (spec['type'] === 'ExternalName' || oldSpec['type'] === 'ExternalName') return [];
  const oldHeadless = isHeadlessService(oldSpec);
  if (isHeadlessService(spec) !== oldHeadless || oldHeadless) return [];
  const errs: FieldError[] = [];
  const oldF = ipFamiliesOf(oldSpec);
  const newF = ipFamiliesOf(spec);
  const first = ipFamiliesPath.index(0).text;
  if (oldF.length === newF.length) {
    // Upstream reports every changed entry at ipFamilies[0].
    oldF.forEach((f, i) => {
      if (f !== newF[i]) errs.push(invalid(first, goFamilies(spec['ipFamilies']), 'may not change once set'));
    });
  } else if (oldF.length > newF.length) {
    if (clusterIPsOf(spec).length === 0) errs.push(invalid(first, goFamilies(spec['ipFamilies']), 'primary ipFamily can not be unset'));
    if (newF.length > 0 && newF[0] !== oldF[0]) errs.push(invalid(first, goSliceValue(spec['clusterIPs']), 'may not change once set'));
    if (newF.length === 1 && spec['ipFamilyPolicy'] !== 'SingleStack') {
      errs.push(invalid(ipFamilyPolicyPath.text, policyValue(spec), "must be set to 'SingleStack' when releasing the secondary ipFamily"));
    }
  } else if (oldF.length > 0 && newF.length > 0 && newF[0] !== oldF[0]) {
    errs.push(invalid(first, goSliceValue(spec['clusterIPs']), 'may not change once set'));
  }
  return errs;
}
