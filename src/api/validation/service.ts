// core/v1 Service validation (pkg/apis/core/validation ValidateService, ValidateServiceUpdate,
// ValidateServiceStatusUpdate), Kubernetes 1.32. Input is v1 JSON after SetDefaults_Service and
// after the registry's allocation step (clusterIPs, ipFamilies, ipFamilyPolicy and nodePorts
// are filled before validation upstream, so allocation errors win and we see the final shape).
// Errors come back in upstream's order because kubectl prints the causes in that order.
import { forbidden, invalid, notSupported, required, type FieldError, FieldPath } from '../field.ts';
import { isDNS1123Subdomain } from './names.ts';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './objectmeta.ts';
import { validateNonSpecialIP, isValidIP } from './service-ipcheck.ts';
import { isHeadlessService, validateServiceClusterIPsRelatedFields, validateUpgradeDowngradeClusterIPs, validateUpgradeDowngradeIPFamilies } from './service-ips.ts';
import {
  annotationsOf, validateAllocateLoadBalancerNodePorts, validateLoadBalancerClassField, validateServiceExternalTrafficFieldsUpdate,
  validateServiceExternalTrafficPolicy, validateServiceInternalTrafficFieldsValue, validateServiceTrafficDistribution, validateSourceRanges,
} from './service-policy.ts';
import { validateServicePorts, validateServicePortUniqueness } from './service-ports.ts';
import { arr, isSet, num, obj, str, type Obj } from './util.ts';

export { validateServiceStatusUpdate, validateLoadBalancerStatus } from './service-status.ts';

const supportedServiceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'] as const;
const supportedSessionAffinity = ['ClientIP', 'None'] as const;
const MaxClientIPServiceAffinitySeconds = 86400;
const topologyModeAnnotation = 'service.kubernetes.io/topology-mode';
const topologyHintsAnnotation = 'service.kubernetes.io/topology-aware-hints';

const metaPath = new FieldPath('metadata');
const specPath = new FieldPath('spec');

function validateTopologyAnnotations(annotations: Obj): FieldError[] {
  if (topologyModeAnnotation in annotations && topologyHintsAnnotation in annotations) {
    const mode = str(annotations[topologyModeAnnotation]);
    if (mode !== str(annotations[topologyHintsAnnotation])) {
      return [invalid(metaPath.child('annotations').key(topologyModeAnnotation).text, mode, `must match annotations[${topologyHintsAnnotation}] when both are specified`)];
    }
  }
  return [];
}

/** The per-type block: headless NodePort/LB, and everything ExternalName must (not) have. */
function validateTypeSpecific(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const headless = isHeadlessService(spec);
  switch (spec['type']) {
    case 'LoadBalancer':
    case 'NodePort':
      if (headless) {
        errs.push(invalid(specPath.child('clusterIPs').index(0).text, 'None', `may not be set to 'None' for ${spec['type']} services`));
      }
      break;
    case 'ExternalName': {
      if (arr(spec['clusterIPs']).length > 0) errs.push(forbidden(specPath.child('clusterIPs').text, 'may not be set for ExternalName services'));
      if (arr(spec['ipFamilies']).length > 0) errs.push(forbidden(specPath.child('ipFamilies').text, 'may not be set for ExternalName services'));
      if (isSet(spec['ipFamilyPolicy'])) errs.push(forbidden(specPath.child('ipFamilyPolicy').text, 'may not be set for ExternalName services'));
      // A CNAME target may end with one dot to mark it fully qualified.
      const raw = str(spec['externalName']);
      const cname = raw.endsWith('.') ? raw.slice(0, -1) : raw;
      const p = specPath.child('externalName').text;
      if (cname) for (const m of isDNS1123Subdomain(cname)) errs.push(invalid(p, cname, m));
      else errs.push(required(p));
      break;
    }
  }
  return errs;
}

function validateSessionAffinity(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const p = specPath.child('sessionAffinity').text;
  const affinity = str(spec['sessionAffinity']);
  if (!affinity) errs.push(required(p));
  else if (!(supportedSessionAffinity as readonly string[]).includes(affinity)) errs.push(notSupported(p, affinity, supportedSessionAffinity));

  const cfgPath = specPath.child('sessionAffinityConfig');
  const cfg = spec['sessionAffinityConfig'];
  if (affinity === 'ClientIP') {
    const why = 'when session affinity type is ClientIP';
    const clientIP = obj(cfg)['clientIP'];
    if (!isSet(cfg)) errs.push(required(cfgPath.text, why));
    else if (!isSet(clientIP)) errs.push(required(cfgPath.child('clientIP').text, why));
    else {
      const t = obj(clientIP)['timeoutSeconds'];
      const tPath = cfgPath.child('clientIP', 'timeoutSeconds').text;
      if (!isSet(t)) errs.push(required(tPath, why));
      else if (num(t) <= 0 || num(t) > MaxClientIPServiceAffinitySeconds) {
        // The text says "less than" but 86400 itself is accepted; upstream's wording.
        errs.push(invalid(tPath, num(t), `must be greater than 0 and less than ${MaxClientIPServiceAffinitySeconds}`));
      }
    }
  } else if (affinity === 'None' && isSet(cfg)) {
    errs.push(forbidden(cfgPath.text, 'must not be set when session affinity is None'));
  }
  return errs;
}

function validateExternalIPs(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  arr(spec['externalIPs']).map(str).forEach((ip, i) => {
    const p = specPath.child('externalIPs').index(i);
    const ipErrs = isValidIP(p, ip);
    // externalIPs get no loopback exception: they are node-facing addresses, not pod IPs.
    errs.push(...(ipErrs.length ? ipErrs : validateNonSpecialIP(ip, p)));
  });
  return errs;
}

function validateType(spec: Obj): FieldError[] {
  const t = str(spec['type']);
  const p = specPath.child('type').text;
  if (!t) return [required(p)];
  return (supportedServiceTypes as readonly string[]).includes(t) ? [] : [notSupported(p, t, supportedServiceTypes)];
}

/** ValidateService (= ValidateServiceCreate). */
export function validateService(svcIn: unknown): FieldError[] {
  const svc = obj(svcIn);
  const spec = obj(svc['spec']);
  const annotations = annotationsOf(svc);
  const errs = validateObjectMeta(svc['metadata'], { namespaced: true, nameValidator: 'dns1035' });
  errs.push(...validateTopologyAnnotations(annotations));
  if (arr(spec['ports']).length === 0 && !isHeadlessService(spec) && spec['type'] !== 'ExternalName') {
    errs.push(required(specPath.child('ports').text));
  }
  errs.push(...validateTypeSpecific(spec));
  errs.push(...validateServicePorts(spec, specPath.child('ports')));
  if (isSet(spec['selector'])) errs.push(...validateLabels(spec['selector'], specPath.child('selector')));
  errs.push(...validateSessionAffinity(spec));
  errs.push(...validateServiceClusterIPsRelatedFields(spec));
  errs.push(...validateExternalIPs(spec));
  errs.push(...validateType(spec));
  errs.push(...validateServicePortUniqueness(spec, specPath.child('ports')));
  errs.push(...validateSourceRanges(spec, annotations));
  errs.push(...validateAllocateLoadBalancerNodePorts(spec));
  errs.push(...validateLoadBalancerClassField(undefined, spec));
  errs.push(...validateServiceExternalTrafficPolicy(spec));
  errs.push(...validateServiceInternalTrafficFieldsValue(spec));
  errs.push(...validateServiceTrafficDistribution(spec));
  return errs;
}

/**
 * ValidateServiceUpdate: the update-only rules, then the whole of ValidateService. Because the
 * loadBalancerClass check runs in both, a bad class on update is reported twice (kubectl's
 * aggregate de-duplicates the text; the causes list keeps both, as upstream's does).
 */
export function validateServiceUpdate(svcIn: unknown, oldIn: unknown): FieldError[] {
  const svc = obj(svcIn), old = obj(oldIn);
  const spec = obj(svc['spec']), oldSpec = obj(old['spec']);
  const errs = validateObjectMetaUpdate(svc['metadata'], old['metadata']);
  errs.push(...validateUpgradeDowngradeClusterIPs(oldSpec, spec));
  errs.push(...validateUpgradeDowngradeIPFamilies(oldSpec, spec));
  errs.push(...validateLoadBalancerClassField(oldSpec, spec));
  errs.push(...validateServiceExternalTrafficFieldsUpdate(oldSpec, spec));
  errs.push(...validateService(svc));
  return errs;
}
