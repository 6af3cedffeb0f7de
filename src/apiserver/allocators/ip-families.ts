// initIPFamilyFields (storage/alloc.go): fills ipFamilyPolicy and ipFamilies from what the user
// gave and what the cluster is configured for, before any ClusterIP is allocated. It runs even for
// dry-run requests, so the response shows the defaulted fields.
import { ApiError } from '../../api/errors.ts';
import { invalid, type FieldError } from '../../api/field.ts';
import { validateClusterIPsRelatedFields } from './cluster-ip-fields.ts';
import { familyOf, type IPFamily } from './ip-address.ts';
import {
  clusterIPOf, clusterIPsOf, ClusterIPNone, hasSelector, ipFamiliesOf, otherFamily, sameStringList, serviceName, specOf, type Service,
} from './service-fields.ts';

export interface ClusterIPFamilies {
  /** The family of the first --service-cluster-ip-range. */
  primary: IPFamily;
  /** Families with a configured range (one on a single-stack cluster, two on dual-stack). */
  configured: ReadonlySet<IPFamily>;
}

const policyOf = (svc: Service): string => (typeof svc.spec?.ipFamilyPolicy === 'string' ? svc.spec.ipFamilyPolicy : '');

/**
 * A PreferDualStack Service whose type, clusterIPs and ipFamilies did not change is left alone,
 * so a cluster turning dual-stack (or back) never silently upgrades or downgrades it.
 */
export function isMatchingPreferDualStackClusterIPFields(newSvc: Service, oldSvc: Service | undefined): boolean {
  if (!oldSvc) return false;
  if (newSvc.spec?.ipFamilyPolicy == null) return false;
  if (oldSvc.spec?.type !== newSvc.spec?.type) return false;
  const t = newSvc.spec?.type;
  if (t !== 'ClusterIP' && t !== 'NodePort' && t !== 'LoadBalancer') return false;
  if (newSvc.spec?.ipFamilyPolicy != null && newSvc.spec.ipFamilyPolicy !== 'PreferDualStack') return false;
  if (oldSvc.spec?.ipFamilyPolicy != null && oldSvc.spec.ipFamilyPolicy !== 'PreferDualStack') return false;
  return sameStringList(clusterIPsOf(oldSvc), clusterIPsOf(newSvc)) && sameStringList(ipFamiliesOf(oldSvc), ipFamiliesOf(newSvc));
}

const reducedClusterIPs = (newSvc: Service, oldSvc: Service) =>
  clusterIPsOf(newSvc).length !== 0 && clusterIPsOf(newSvc).length < clusterIPsOf(oldSvc).length;
const reducedIPFamilies = (newSvc: Service, oldSvc: Service) =>
  ipFamiliesOf(newSvc).length !== 0 && ipFamiliesOf(newSvc).length < ipFamiliesOf(oldSvc).length;

/** Mutates `svc`; throws a 422 ApiError with upstream's field errors. */
export function initIPFamilyFields(svc: Service, oldSvc: Service | undefined, cluster: ClusterIPFamilies): void {
  if (svc.spec?.type === 'ExternalName') return;
  if (isMatchingPreferDualStackClusterIPFields(svc, oldSvc)) return;
  const spec = specOf(svc);

  // Create: SingleStack, except headless + selectorless (its endpoints may be of both families).
  // Update: keep the old policy, so a PUT that drops the secondary IP without naming a policy is
  // judged against what the Service had.
  if (spec.ipFamilyPolicy == null) {
    if (oldSvc && oldSvc.spec?.ipFamilyPolicy != null) spec.ipFamilyPolicy = oldSvc.spec.ipFamilyPolicy;
    else if (clusterIPOf(svc) === ClusterIPNone && !hasSelector(svc)) spec.ipFamilyPolicy = 'RequireDualStack';
    else spec.ipFamilyPolicy = 'SingleStack';
  }

  const pre = validateClusterIPsRelatedFields(svc);
  if (pre.length) throw ApiError.invalid('', 'Service', serviceName(svc), pre);

  const errs: FieldError[] = [];
  if (oldSvc) {
    if (policyOf(svc) === 'SingleStack') {
      // Unchanged clusterIPs/ipFamilies plus a SingleStack policy is a clear request to downgrade.
      if (sameStringList(clusterIPsOf(oldSvc), clusterIPsOf(svc)) && clusterIPsOf(svc).length > 1) spec.clusterIPs = clusterIPsOf(svc).slice(0, 1);
      if (sameStringList(ipFamiliesOf(oldSvc), ipFamiliesOf(svc)) && ipFamiliesOf(svc).length > 1) spec.ipFamilies = ipFamiliesOf(svc).slice(0, 1);
    } else {
      if (reducedClusterIPs(svc, oldSvc)) errs.push(invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy, "must be 'SingleStack' to release the secondary cluster IP"));
      if (reducedIPFamilies(svc, oldSvc)) errs.push(invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy, "must be 'SingleStack' to release the secondary IP family"));
    }
  }

  if (policyOf(svc) === 'SingleStack') {
    if (clusterIPsOf(svc).length === 2) {
      errs.push(invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
    }
    if (ipFamiliesOf(svc).length === 2) {
      errs.push(invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
    }
  }

  // Infer ipFamilies from the clusterIPs the user gave.
  const ips = clusterIPsOf(svc);
  for (let i = 0; i < ips.length; i++) {
    const ip = ips[i]!;
    if (ip === ClusterIPNone) break;
    const fam = familyOf(ip)!;
    if (i >= ipFamiliesOf(svc).length) {
      if (!cluster.configured.has(fam)) errs.push(invalid(`spec.clusterIPs[${i}]`, ips, `${fam} is not configured on this cluster`));
      else spec.ipFamilies = [...ipFamiliesOf(svc), fam];
    }
  }
  if (errs.length) throw ApiError.invalid('', 'Service', serviceName(svc), errs);

  // Headless + selectorless may list families the cluster does not have (its endpoints are
  // the user's business), so it skips the checks below.
  if (clusterIPOf(svc) === ClusterIPNone && !hasSelector(svc)) {
    if (ipFamiliesOf(svc).length === 0) spec.ipFamilies = [cluster.primary];
    if (ipFamiliesOf(svc).length < 2 && spec.ipFamilyPolicy !== 'SingleStack') {
      spec.ipFamilies = [...ipFamiliesOf(svc), otherFamily(ipFamiliesOf(svc)[0]!)];
    }
    return;
  }

  if (policyOf(svc) === 'RequireDualStack' && cluster.configured.size < 2) {
    errs.push(invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy, 'this cluster is not configured for dual-stack services'));
  }
  ipFamiliesOf(svc).forEach((fam, i) => {
    if (!cluster.configured.has(fam)) errs.push(invalid(`spec.ipFamilies[${i}]`, fam, 'not configured on this cluster'));
  });
  if (errs.length) throw ApiError.invalid('', 'Service', serviceName(svc), errs);

  if (ipFamiliesOf(svc).length === 0) spec.ipFamilies = [cluster.primary];
  if (spec.ipFamilyPolicy !== 'SingleStack' && ipFamiliesOf(svc).length === 1 && cluster.configured.size === 2) {
    spec.ipFamilies = [...ipFamiliesOf(svc), otherFamily(ipFamiliesOf(svc)[0]!)];
  }
}
