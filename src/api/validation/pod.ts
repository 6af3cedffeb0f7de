// Pod, PodSpec and PodTemplateSpec validation (pkg/apis/core/validation): a faithful core of
// ValidatePodSpec in upstream's check order, ValidatePodCreate and ValidatePodUpdate.
import { duplicate, forbidden, invalid, notSupported, required, type FieldError, FieldPath } from '../field.ts';
import { checkHostPortConflicts, validateContainerCommon, validateProbes, type PodValidationOptions } from './container.ts';
import { inclusiveRangeError, isDNS1123Label, isDNS1123Subdomain, isValidGroupID, isValidUserID } from './names.ts';
import { validateAnnotations, validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './objectmeta.ts';
import { arr, deepEqual, isSet, num, obj, str, type Obj } from './util.ts';
import { validateVolumes } from './volumes.ts';

export type { PodValidationOptions };

const MaxInt32 = 2147483647;

function validateContainers(containers: unknown, vols: Map<string, Obj>, gracePeriod: number | undefined, fld: FieldPath): FieldError[] {
  const list = arr(containers);
  if (list.length === 0) return [required(fld.text)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((c, i) => {
    const ctr = obj(c);
    const p = fld.index(i);
    errs.push(...validateContainerCommon(ctr, vols, p));
    const name = str(ctr['name']);
    if (names.has(name)) errs.push(duplicate(p.child('name').text, name));
    else names.add(name);
    errs.push(...validateProbes(ctr, gracePeriod, p));
    if (isSet(ctr['restartPolicy'])) errs.push(forbidden(p.child('restartPolicy').text, 'may not be set for non-init containers'));
  });
  errs.push(...checkHostPortConflicts(list, fld));
  return errs;
}

function validateInitContainers(inits: unknown, regular: unknown, vols: Map<string, Obj>, gracePeriod: number | undefined, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(arr(regular).map((c) => str(obj(c)['name'])));
  arr(inits).forEach((c, i) => {
    const ctr = obj(c);
    const p = fld.index(i);
    errs.push(...validateContainerCommon(ctr, vols, p));
    let restartAlways = false;
    if (isSet(ctr['restartPolicy'])) {
      const rp = str(ctr['restartPolicy']);
      if (rp !== 'Always') errs.push(notSupported(p.child('restartPolicy').text, rp, ['Always']));
      restartAlways = rp === 'Always';
    }
    const name = str(ctr['name']);
    if (names.has(name)) errs.push(duplicate(p.child('name').text, name));
    else if (name) names.add(name);
    errs.push(...checkHostPortConflicts([ctr], fld));
    if (restartAlways) errs.push(...validateProbes(ctr, gracePeriod, p));
    else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (isSet(ctr[f])) errs.push(forbidden(p.child(f).text, 'may not be set for init containers without restartPolicy=Always'));
      }
    }
  });
  return errs;
}

/** validatePodHostNetworkDeps: with hostNetwork, container ports are host ports. */
function validateHostNetworkPorts(spec: Obj, fld: FieldPath, opts: PodValidationOptions): FieldError[] {
  if (spec['hostNetwork'] !== true) return [];
  const errs: FieldError[] = [];
  arr(spec['containers']).forEach((c, ci) => {
    arr(obj(c)['ports']).forEach((p, pi) => {
      const port = obj(p);
      const cp = num(port['containerPort']);
      const hp = num(port['hostPort']);
      // templates may leave hostPort 0; pods get it defaulted to containerPort
      if (hp !== cp && (opts.resourceIsPod || hp !== 0)) {
        errs.push(invalid(fld.child('containers').index(ci).child('ports').index(pi).child('containerPort').text, cp, 'must match `hostPort` when `hostNetwork` is true'));
      }
    });
  });
  return errs;
}

function validateEnum(value: string, fld: FieldPath, valid: string[]): FieldError[] {
  if (value === '') return [required(fld.text)];
  return valid.includes(value) ? [] : [notSupported(fld.text, value, valid)];
}

const ipRe = /^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-fA-F:]*:[0-9a-fA-F:.]*$/;

function validateDNSConfig(spec: Obj, fld: FieldPath): FieldError[] {
  const policy = str(spec['dnsPolicy']);
  const cfg = spec['dnsConfig'];
  if (policy === 'None') {
    if (!isSet(cfg)) return [required(fld.text, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (arr(obj(cfg)['nameservers']).length === 0) return [required(fld.child('nameservers').text, 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
  }
  if (!isSet(cfg)) return [];
  const c = obj(cfg);
  const errs: FieldError[] = [];
  const ns = arr(c['nameservers']).map(str);
  if (ns.length > 3) errs.push(invalid(fld.child('nameservers').text, ns, 'must not have more than 3 nameservers'));
  ns.forEach((ip, i) => {
    if (!ipRe.test(ip)) errs.push(invalid(fld.child('nameservers').index(i).text, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  });
  const searches = arr(c['searches']).map(str);
  if (searches.length > 32) errs.push(invalid(fld.child('searches').text, searches, 'must not have more than 32 search paths'));
  if (searches.join(' ').length > 2048) errs.push(invalid(fld.child('searches').text, searches, 'must not have more than 2048 characters (including spaces) in the search list'));
  searches.forEach((s, i) => {
    const d = s.endsWith('.') ? s.slice(0, -1) : s;
    for (const m of isDNS1123Subdomain(d)) errs.push(invalid(fld.child('searches').index(i).text, s, m));
  });
  arr(c['options']).forEach((o, i) => {
    if (!str(obj(o)['name'])) errs.push(required(fld.child('options').index(i).text, 'Option.Name must not be empty'));
  });
  return errs;
}

function validatePodSecurityContext(sc: unknown, fld: FieldPath): FieldError[] {
  if (!isSet(sc)) return [];
  const s = obj(sc);
  const errs: FieldError[] = [];
  if (typeof s['fsGroup'] === 'number') for (const m of isValidGroupID(s['fsGroup'])) errs.push(invalid(fld.child('fsGroup').text, s['fsGroup'], m));
  if (typeof s['runAsUser'] === 'number') for (const m of isValidUserID(s['runAsUser'])) errs.push(invalid(fld.child('runAsUser').text, s['runAsUser'], m));
  if (typeof s['runAsGroup'] === 'number') for (const m of isValidGroupID(s['runAsGroup'])) errs.push(invalid(fld.child('runAsGroup').text, s['runAsGroup'], m));
  arr(s['supplementalGroups']).forEach((g, i) => {
    for (const m of isValidGroupID(num(g))) errs.push(invalid(fld.child('supplementalGroups').index(i).text, num(g), m));
  });
  return errs;
}

/** ValidatePodSpec (v1 JSON: hostNetwork/hostPID live on the spec, not in securityContext). */
export function validatePodSpec(specIn: unknown, fld: FieldPath, opts: PodValidationOptions): FieldError[] {
  const spec = obj(specIn);
  const errs: FieldError[] = [];
  // Upstream only requires the field (defaulted to 30); negative values are accepted and
  // later treated as 1 by the pod strategy.
  const tgps = spec['terminationGracePeriodSeconds'];
  if (!isSet(tgps)) errs.push(required(fld.child('terminationGracePeriodSeconds').text));
  const gracePeriod = typeof tgps === 'number' ? tgps : undefined;

  const { vols, errs: vErrs } = validateVolumes(spec['volumes'], fld.child('volumes'));
  errs.push(...vErrs);
  errs.push(...validateContainers(spec['containers'], vols, gracePeriod, fld.child('containers')));
  errs.push(...validateInitContainers(spec['initContainers'], spec['containers'], vols, gracePeriod, fld.child('initContainers')));
  errs.push(...validateHostNetworkPorts(spec, fld, opts));
  errs.push(...validateEnum(str(spec['restartPolicy']), fld.child('restartPolicy'), ['Always', 'OnFailure', 'Never']));
  errs.push(...validateEnum(str(spec['dnsPolicy']), fld.child('dnsPolicy'), ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']));
  errs.push(...validateLabels(spec['nodeSelector'], fld.child('nodeSelector')));
  errs.push(...validatePodSecurityContext(spec['securityContext'], fld.child('securityContext')));
  arr(spec['imagePullSecrets']).forEach((s, i) => {
    if (!str(obj(s)['name'])) errs.push(required(fld.child('imagePullSecrets').index(i).child('name').text));
  });
  errs.push(...validateDNSConfig(spec, fld.child('dnsConfig')));
  for (const [f, check] of [['serviceAccountName', isDNS1123Subdomain], ['nodeName', isDNS1123Subdomain]] as const) {
    const v = str(spec[f]);
    if (v) for (const m of check(v)) errs.push(invalid(fld.child(f).text, v, m));
  }
  if (typeof spec['activeDeadlineSeconds'] === 'number') {
    const v = spec['activeDeadlineSeconds'];
    if (v < 1 || v > MaxInt32) errs.push(invalid(fld.child('activeDeadlineSeconds').text, v, inclusiveRangeError(1, MaxInt32)));
  }
  for (const f of ['hostname', 'subdomain']) {
    const v = str(spec[f]);
    if (v) for (const m of isDNS1123Label(v)) errs.push(invalid(fld.child(f).text, v, m));
  }
  const pcn = str(spec['priorityClassName']);
  if (pcn) for (const m of isDNS1123Subdomain(pcn)) errs.push(invalid(fld.child('priorityClassName').text, pcn, m));
  if (isSet(spec['preemptionPolicy'])) {
    errs.push(...validateEnum(str(spec['preemptionPolicy']), fld.child('preemptionPolicy'), ['PreemptLowerPriority', 'Never']));
  }
  return errs;
}

const PodDeletionCost = 'controller.kubernetes.io/pod-deletion-cost';

/** ValidatePodSpecificAnnotations: the deletion-cost annotation must be a canonical int32. */
function validatePodSpecificAnnotations(annotations: unknown, fld: FieldPath): FieldError[] {
  const a = obj(annotations);
  if (!(PodDeletionCost in a)) return [];
  const v = str(a[PodDeletionCost]);
  const validFirst = v.length > 0 && (v[0] === '-' || v === '0' || (v[0]! >= '1' && v[0]! <= '9'));
  const n = Number(v);
  if (!validFirst || !/^-?[0-9]+$/.test(v) || n < -2147483648 || n > MaxInt32) {
    return [invalid(fld.key(PodDeletionCost).text, v, 'must be a 32bit integer')];
  }
  return [];
}

/** ValidatePodTemplateSpec: note upstream reports template labels at `<path>.labels`. */
export function validatePodTemplateSpec(template: unknown, fld: FieldPath): FieldError[] {
  const t = obj(template);
  const meta = obj(t['metadata']);
  const errs = validateLabels(meta['labels'], fld.child('labels'));
  errs.push(...validateAnnotations(meta['annotations'], fld.child('annotations')));
  errs.push(...validatePodSpecificAnnotations(meta['annotations'], fld.child('annotations')));
  errs.push(...validatePodSpec(t['spec'], fld.child('spec'), { resourceIsPod: false }));
  if (arr(obj(t['spec'])['ephemeralContainers']).length > 0) {
    errs.push(forbidden(fld.child('spec', 'ephemeralContainers').text, 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}

function validatePodMetadataAndSpec(pod: Obj): FieldError[] {
  const meta = new FieldPath('metadata');
  const specPath = new FieldPath('spec');
  const spec = obj(pod['spec']);
  const errs = validateObjectMeta(pod['metadata'], { namespaced: true, nameValidator: 'subdomain' }, meta);
  errs.push(...validatePodSpecificAnnotations(obj(pod['metadata'])['annotations'], meta.child('annotations')));
  errs.push(...validatePodSpec(spec, specPath, { resourceIsPod: true }));
  if (!str(spec['serviceAccountName'])) {
    arr(spec['volumes']).forEach((v, vi) => {
      arr(obj(obj(v)['projected'])['sources']).forEach((s, si) => {
        if (isSet(obj(s)['serviceAccountToken'])) {
          errs.push(forbidden(specPath.child('volumes').index(vi).child('projected', 'sources').index(si).child('serviceAccountToken').text, 'must not be specified when serviceAccountName is not set'));
        }
      });
    });
  }
  // validateContainersOnlyForPod
  for (const list of ['containers', 'initContainers']) {
    arr(spec[list]).forEach((c, i) => {
      const image = str(obj(c)['image']);
      if (image.trim().length !== image.length) errs.push(invalid(specPath.child(list).index(i).child('image').text, image, 'must not have leading or trailing whitespace'));
    });
  }
  return errs;
}

/** ValidatePodCreate. */
export function validatePod(pod: unknown): FieldError[] {
  const p = obj(pod);
  const spec = obj(p['spec']);
  const errs = validatePodMetadataAndSpec(p);
  if (arr(spec['ephemeralContainers']).length > 0) errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  if (str(spec['nodeName']) && arr(spec['schedulingGates']).length > 0) errs.push(forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
  return errs;
}

export const updatablePodSpecFields = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

/**
 * A readable stand-in for upstream's go-cmp diff of the PodSpec. Upstream's text is Go's
 * internal struct dump (`core.PodSpec{...}`), which we cannot reproduce byte for byte; the
 * first line of the message, which is what users act on, is exact.
 */
function specDiff(oldSpec: Obj, newSpec: Obj): string {
  const lines = ['  core.PodSpec{'];
  const keys = [...new Set([...Object.keys(oldSpec), ...Object.keys(newSpec)])].sort();
  for (const k of keys) {
    if (deepEqual(oldSpec[k], newSpec[k])) continue;
    const field = k.charAt(0).toUpperCase() + k.slice(1);
    if (k in oldSpec) lines.push(`- \t${field}: ${JSON.stringify(oldSpec[k])},`);
    if (k in newSpec) lines.push(`+ \t${field}: ${JSON.stringify(newSpec[k])},`);
  }
  lines.push('  }');
  return lines.join('\n') + '\n';
}

/** ValidatePodUpdate: metadata rules, full re-validation, then "spec is mostly immutable". */
export function validatePodUpdate(newPod: unknown, oldPod: unknown): FieldError[] {
  const n = obj(newPod), o = obj(oldPod);
  const ns = obj(n['spec']), os = obj(o['spec']);
  const specPath = new FieldPath('spec');
  const errs = validateObjectMetaUpdate(n['metadata'], o['metadata']);
  errs.push(...validatePodMetadataAndSpec(n));

  for (const list of ['containers', 'initContainers']) {
    const nc = arr(ns[list]), oc = arr(os[list]);
    if (nc.length !== oc.length) {
      errs.push(forbidden(specPath.child(list).text, 'pod updates may not add or remove containers'));
      return errs;
    }
    nc.forEach((c, i) => {
      const image = str(obj(c)['image']);
      if (!image) errs.push(required(specPath.child(list).index(i).child('image').text));
      if (image.trim().length !== image.length) errs.push(invalid(specPath.child(list).index(i).child('image').text, image, 'must not have leading or trailing whitespace'));
    });
  }

  const nad = ns['activeDeadlineSeconds'], oad = os['activeDeadlineSeconds'];
  if (typeof nad === 'number') {
    if (nad < 0 || nad > MaxInt32) {
      errs.push(invalid('spec.activeDeadlineSeconds', nad, inclusiveRangeError(0, MaxInt32)));
      return errs;
    }
    if (typeof oad === 'number' && oad < nad) {
      errs.push(invalid('spec.activeDeadlineSeconds', nad, 'must be less than or equal to previous value'));
      return errs;
    }
  } else if (typeof oad === 'number') {
    errs.push(invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  }

  // validateOnlyAddedTolerations: old tolerations must survive (tolerationSeconds may change).
  const newTols = arr(ns['tolerations']);
  for (const t of arr(os['tolerations'])) {
    if (!newTols.some((x) => deepEqual({ ...obj(x), tolerationSeconds: undefined }, { ...obj(t), tolerationSeconds: undefined }))) {
      errs.push(forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
      break;
    }
  }

  if (deepEqual(ns, os)) return errs;

  // Munge the updatable fields back to their old values, then require equality.
  const munged: Obj = structuredClone(ns);
  for (const list of ['containers', 'initContainers']) {
    if (Array.isArray(munged[list])) {
      munged[list] = (munged[list] as unknown[]).map((c, i) => ({ ...obj(c), image: obj(arr(os[list])[i])['image'] }));
    }
  }
  munged['activeDeadlineSeconds'] = os['activeDeadlineSeconds'];
  munged['schedulingGates'] = os['schedulingGates'];
  munged['tolerations'] = os['tolerations']; // checked above
  if (typeof os['terminationGracePeriodSeconds'] === 'number' && os['terminationGracePeriodSeconds'] < 0 && munged['terminationGracePeriodSeconds'] === 1) {
    munged['terminationGracePeriodSeconds'] = os['terminationGracePeriodSeconds'];
  }
  for (const k of Object.keys(munged)) if (munged[k] === undefined) delete munged[k];
  if (!deepEqual(munged, os)) {
    errs.push(forbidden(specPath.text, `pod updates may not change fields other than ${updatablePodSpecFields.join(',')}\n${specDiff(os, munged)}`));
  }
  return errs;
}
