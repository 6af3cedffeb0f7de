// Container validation from pkg/apis/core/validation (validateContainerCommon and friends),
// run on v1-shaped JSON. Order of checks follows upstream so multi-error messages list
// causes in the same order Kubernetes does.
import { duplicate, forbidden, internalError, invalid, notFound, notSupported, required, type FieldError, FieldPath } from '../field.ts';
import { isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, isEnvVarName, isHTTPHeaderName, isQualifiedName, isValidPortName, isValidPortNum } from './names.ts';
import { cmpQuantity, formatQuantity, parseQuantity } from './quantity.ts';
import { arr, isSet, num, obj, sortedEntries, str, validateNonnegativeField, type Obj } from './util.ts';

export interface PodValidationOptions {
  /** The spec belongs to a Pod (not a template): enables the pod-only checks. */
  resourceIsPod: boolean;
}

const supportedPortProtocols = ['SCTP', 'TCP', 'UDP'];

export function validateContainerPorts(ports: unknown, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  arr(ports).forEach((p, i) => {
    const port = obj(p);
    const idx = fld.index(i);
    const name = str(port['name']);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length) for (const m of msgs) errs.push(invalid(idx.child('name').text, name, m));
      else if (names.has(name)) errs.push(duplicate(idx.child('name').text, name));
      else names.add(name);
    }
    const cp = num(port['containerPort']);
    if (cp === 0) errs.push(required(idx.child('containerPort').text));
    else for (const m of isValidPortNum(cp)) errs.push(invalid(idx.child('containerPort').text, cp, m));
    const hp = num(port['hostPort']);
    if (hp !== 0) for (const m of isValidPortNum(hp)) errs.push(invalid(idx.child('hostPort').text, hp, m));
    const proto = str(port['protocol']);
    if (!proto) errs.push(required(idx.child('protocol').text));
    else if (!supportedPortProtocols.includes(proto)) errs.push(notSupported(idx.child('protocol').text, proto, supportedPortProtocols));
  });
  return errs;
}

const validEnvFieldPaths = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
const validResourceFieldPaths = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];

/** validateObjectFieldSelector for env (v1 apiVersion only; labels/annotations subscripts allowed). */
function validateObjectFieldSelector(fs: Obj, fld: FieldPath): FieldError[] {
  const apiVersion = str(fs['apiVersion']);
  const fieldPath = str(fs['fieldPath']);
  if (!apiVersion) return [required(fld.child('apiVersion').text)];
  if (!fieldPath) return [required(fld.child('fieldPath').text)];
  if (apiVersion !== 'v1') {
    return [invalid(fld.child('fieldPath').text, fieldPath, `error converting fieldPath: unsupported pod version: ${apiVersion}`)];
  }
  const sub = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fieldPath);
  if (sub) {
    const key = sub[1] === 'metadata.annotations' ? sub[2]!.toLowerCase() : sub[2]!;
    return isQualifiedName(key).map((m) => invalid(fld.text, key, m));
  }
  const base = fieldPath.split('[')[0]!;
  if (fieldPath.includes('[')) return [invalid(fld.text, base, 'does not support subscript')];
  if (!validEnvFieldPaths.includes(fieldPath)) return [notSupported(fld.child('fieldPath').text, fieldPath, validEnvFieldPaths)];
  return [];
}

function validateKeySelector(s: Obj, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(s['name']);
  for (const m of isDNS1123Subdomain(name)) errs.push(invalid(fld.child('name').text, name, m));
  const key = str(s['key']);
  if (!key) errs.push(required(fld.child('key').text));
  else for (const m of isConfigMapKey(key)) errs.push(invalid(fld.child('key').text, key, m));
  return errs;
}

function validateEnvVarValueFrom(ev: Obj, fld: FieldPath): FieldError[] {
  if (!isSet(ev['valueFrom'])) return [];
  const vf = obj(ev['valueFrom']);
  const errs: FieldError[] = [];
  let sources = 0;
  if (isSet(vf['fieldRef'])) {
    sources++;
    errs.push(...validateObjectFieldSelector(obj(vf['fieldRef']), fld.child('fieldRef')));
  }
  if (isSet(vf['resourceFieldRef'])) {
    sources++;
    const r = str(obj(vf['resourceFieldRef'])['resource']);
    const p = fld.child('resourceFieldRef');
    if (!r) errs.push(required(p.child('resource').text));
    else if (!validResourceFieldPaths.includes(r) && !r.startsWith('requests.hugepages-') && !r.startsWith('limits.hugepages-')) {
      errs.push(notSupported(p.child('resource').text, r, validResourceFieldPaths));
    }
  }
  if (isSet(vf['configMapKeyRef'])) {
    sources++;
    errs.push(...validateKeySelector(obj(vf['configMapKeyRef']), fld.child('configMapKeyRef')));
  }
  if (isSet(vf['secretKeyRef'])) {
    sources++;
    errs.push(...validateKeySelector(obj(vf['secretKeyRef']), fld.child('secretKeyRef')));
  }
  if (sources === 0) errs.push(invalid(fld.text, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  else if (str(ev['value'])) errs.push(invalid(fld.text, '', 'may not be specified when `value` is not empty'));
  else if (sources > 1) errs.push(invalid(fld.text, '', 'may not have more than one field specified at a time'));
  return errs;
}

/** ValidateEnv (strict names: RelaxedEnvironmentVariableValidation is off by default in 1.32). */
export function validateEnv(vars: unknown, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  arr(vars).forEach((v, i) => {
    const ev = obj(v);
    const idx = fld.index(i);
    const name = str(ev['name']);
    if (!name) errs.push(required(idx.child('name').text));
    else for (const m of isEnvVarName(name)) errs.push(invalid(idx.child('name').text, name, m));
    errs.push(...validateEnvVarValueFrom(ev, idx.child('valueFrom')));
  });
  return errs;
}

function validateEnvFrom(list: unknown, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  arr(list).forEach((v, i) => {
    const ev = obj(v);
    const idx = fld.index(i);
    const prefix = str(ev['prefix']);
    if (prefix) for (const m of isEnvVarName(prefix)) errs.push(invalid(idx.child('prefix').text, prefix, m));
    let sources = 0;
    for (const k of ['configMapRef', 'secretRef']) {
      if (!isSet(ev[k])) continue;
      sources++;
      const name = str(obj(ev[k])['name']);
      if (!name) errs.push(required(idx.child(k, 'name').text));
      else for (const m of isDNS1123Subdomain(name.endsWith('-') && name.length > 1 ? name.slice(0, -2) + 'a' : name)) errs.push(invalid(idx.child(k, 'name').text, name, m));
    }
    if (sources === 0) errs.push(invalid(fld.text, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1) errs.push(invalid(fld.text, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

export function validateVolumeMounts(mounts: unknown, volumes: Map<string, Obj>, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const paths = new Set<string>();
  arr(mounts).forEach((m, i) => {
    const mnt = obj(m);
    const idx = fld.index(i);
    const name = str(mnt['name']);
    const mountPath = str(mnt['mountPath']);
    if (!name) errs.push(required(idx.child('name').text));
    if (!volumes.has(name)) errs.push(notFound(idx.child('name').text, name));
    if (!mountPath) errs.push(required(idx.child('mountPath').text));
    if (paths.has(mountPath)) errs.push(invalid(idx.child('mountPath').text, mountPath, 'must be unique'));
    paths.add(mountPath);
    const subPath = str(mnt['subPath']);
    // upstream reports subPath problems at the list path (fldPath.Child("subPath")), not the item
    if (subPath) errs.push(...validateLocalDescendingPath(subPath, fld.child('subPath')));
    const subPathExpr = str(mnt['subPathExpr']);
    if (subPathExpr) {
      if (subPath) errs.push(invalid(idx.child('subPathExpr').text, subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...validateLocalDescendingPath(subPathExpr, fld.child('subPathExpr')));
    }
  });
  return errs;
}

export function validateLocalDescendingPath(p: string, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (p.startsWith('/')) errs.push(invalid(fld.text, p, 'must be a relative path'));
  if (p.split(/[\\/]/).includes('..')) errs.push(invalid(fld.text, p, "must not contain '..'"));
  return errs;
}

// --- probes and lifecycle handlers ---

function validatePortNumOrName(port: unknown, fld: FieldPath): FieldError[] {
  if (typeof port === 'number') return isValidPortNum(port).map((m) => invalid(fld.text, port, m));
  if (typeof port === 'string') return isValidPortName(port).map((m) => invalid(fld.text, port, m));
  // A missing port decodes as intstr int 0.
  if (port === undefined || port === null) return isValidPortNum(0).map((m) => invalid(fld.text, 0, m));
  return [internalError(fld.text, `unknown type: ${typeof port}`)];
}

function validateHandler(h: Obj, kinds: readonly string[], gracePeriod: number | undefined, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const kind of kinds) {
    if (!isSet(h[kind])) continue;
    if (n > 0) {
      errs.push(forbidden(fld.child(kind).text, 'may not specify more than 1 handler type'));
      continue;
    }
    n++;
    const a = obj(h[kind]);
    const p = fld.child(kind);
    switch (kind) {
      case 'exec':
        if (arr(a['command']).length === 0) errs.push(required(p.child('command').text));
        break;
      case 'httpGet': {
        if (!str(a['path'])) errs.push(required(p.child('path').text));
        errs.push(...validatePortNumOrName(a['port'], p.child('port')));
        const scheme = str(a['scheme']);
        if (scheme !== 'HTTP' && scheme !== 'HTTPS') errs.push(notSupported(p.child('scheme').text, scheme, ['HTTP', 'HTTPS']));
        for (const hdr of arr(a['httpHeaders'])) {
          const hn = str(obj(hdr)['name']);
          for (const m of isHTTPHeaderName(hn)) errs.push(invalid(p.child('httpHeaders').text, hn, m));
        }
        break;
      }
      case 'tcpSocket':
        errs.push(...validatePortNumOrName(a['port'], p.child('port')));
        break;
      case 'grpc':
        errs.push(...validatePortNumOrName(num(a['port']), p.child('port')));
        break;
      case 'sleep': {
        const s = num(a['seconds']);
        if (gracePeriod !== undefined && (s <= 0 || s > gracePeriod)) {
          errs.push(invalid(p.text, s, `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`));
        }
        break;
      }
    }
  }
  if (n === 0) errs.push(required(fld.text, 'must specify a handler type'));
  return errs;
}

const probeHandlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
const lifecycleHandlers = ['exec', 'httpGet', 'tcpSocket', 'sleep'] as const;

function validateProbe(probe: Obj, gracePeriod: number | undefined, fld: FieldPath): FieldError[] {
  const errs = validateHandler(probe, probeHandlers, gracePeriod, fld);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    errs.push(...validateNonnegativeField(num(probe[f]), fld.child(f)));
  }
  const tgps = probe['terminationGracePeriodSeconds'];
  if (typeof tgps === 'number' && tgps <= 0) errs.push(invalid(fld.child('terminationGracePeriodSeconds').text, tgps, 'must be greater than 0'));
  return errs;
}

export function validateProbes(ctr: Obj, gracePeriod: number | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (isSet(ctr['lifecycle'])) {
    const lc = obj(ctr['lifecycle']);
    for (const hook of ['postStart', 'preStop']) {
      if (isSet(lc[hook])) errs.push(...validateHandler(obj(lc[hook]), lifecycleHandlers, gracePeriod, path.child('lifecycle', hook)));
    }
  }
  if (isSet(ctr['livenessProbe'])) {
    const p = obj(ctr['livenessProbe']);
    errs.push(...validateProbe(p, gracePeriod, path.child('livenessProbe')));
    if (num(p['successThreshold']) !== 1) errs.push(invalid(path.child('livenessProbe', 'successThreshold').text, num(p['successThreshold']), 'must be 1'));
  }
  if (isSet(ctr['readinessProbe'])) {
    const p = obj(ctr['readinessProbe']);
    errs.push(...validateProbe(p, gracePeriod, path.child('readinessProbe')));
    if (isSet(p['terminationGracePeriodSeconds'])) errs.push(invalid(path.child('readinessProbe', 'terminationGracePeriodSeconds').text, p['terminationGracePeriodSeconds'], 'must not be set for readinessProbes'));
  }
  if (isSet(ctr['startupProbe'])) {
    const p = obj(ctr['startupProbe']);
    errs.push(...validateProbe(p, gracePeriod, path.child('startupProbe')));
    if (num(p['successThreshold']) !== 1) errs.push(invalid(path.child('startupProbe', 'successThreshold').text, num(p['successThreshold']), 'must be 1'));
  }
  return errs;
}

// --- resources ---

const standardContainerResources = new Set(['cpu', 'memory', 'ephemeral-storage']);
const standardResources = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory',
  'limits.ephemeral-storage', 'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'persistentvolumeclaims',
  'configmaps', 'storage', 'requests.storage', 'services.nodeports', 'services.loadbalancers',
]);
const isHugePages = (n: string) => n.startsWith('hugepages-');
const isNative = (n: string) => !n.includes('/') || n.includes('kubernetes.io/');
const overcommitAllowed = (n: string) => isNative(n) && !isHugePages(n);

function validateContainerResourceName(name: string, fld: FieldPath): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(fld.text, name, m));
  if (errs.length) return errs;
  if (!name.includes('/')) {
    if (!standardResources.has(name) && !isHugePages(name)) errs.push(invalid(fld.text, name, 'must be a standard resource type or fully qualified'));
    if (!standardContainerResources.has(name) && !isHugePages(name)) errs.push(invalid(fld.text, name, 'must be a standard resource for containers'));
  } else if (!isNative(name) && name.startsWith('requests.')) {
    errs.push(invalid(fld.text, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

function validateQuantityValue(name: string, raw: unknown, fld: FieldPath): FieldError[] {
  const q = parseQuantity(raw);
  if (!q) return [];
  const errs: FieldError[] = [];
  if (q.nanos < 0n) errs.push(invalid(fld.text, formatQuantity(q), 'must be greater than or equal to 0'));
  // Extended resources are counted in whole units.
  if (!isNative(name) && q.nanos % 1_000_000_000n !== 0n) errs.push(invalid(fld.text, formatQuantity(q), 'must be an integer'));
  return errs;
}

export function validateResources(resources: unknown, fld: FieldPath): FieldError[] {
  const r = obj(resources);
  const limits = obj(r['limits']);
  const errs: FieldError[] = [];
  const limPath = fld.child('limits');
  const reqPath = fld.child('requests');
  for (const [name, v] of sortedEntries(limits)) {
    errs.push(...validateContainerResourceName(name, limPath.key(name)));
    errs.push(...validateQuantityValue(name, v, limPath.key(name)));
  }
  let hasCPUOrMem = Object.keys(limits).some((k) => k === 'cpu' || k === 'memory');
  let hasHuge = Object.keys(limits).some(isHugePages);
  for (const [name, v] of sortedEntries(r['requests'])) {
    const p = reqPath.key(name);
    errs.push(...validateContainerResourceName(name, p));
    errs.push(...validateQuantityValue(name, v, p));
    if (name === 'cpu' || name === 'memory') hasCPUOrMem = true;
    if (isHugePages(name)) hasHuge = true;
    const q = parseQuantity(v);
    const lim = parseQuantity(limits[name]);
    if (name in limits) {
      if (q && lim) {
        if (cmpQuantity(q, lim) !== 0 && !overcommitAllowed(name)) errs.push(invalid(reqPath.text, formatQuantity(q), `must be equal to ${name} limit of ${formatQuantity(lim)}`));
        else if (cmpQuantity(q, lim) > 0) errs.push(invalid(reqPath.text, formatQuantity(q), `must be less than or equal to ${name} limit of ${formatQuantity(lim)}`));
      }
    } else if (!overcommitAllowed(name)) {
      errs.push(required(limPath.text, 'Limit must be set for non overcommitable resources'));
    }
  }
  if (hasHuge && !hasCPUOrMem) errs.push(forbidden(fld.text, 'HugePages require cpu or memory'));
  return errs;
}

/** validateContainerCommon: the checks shared by regular and init containers. */
export function validateContainerCommon(ctr: Obj, volumes: Map<string, Obj>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(ctr['name']);
  if (!name) errs.push(required(path.child('name').text));
  else for (const m of isDNS1123Label(name)) errs.push(invalid(path.child('name').text, name, m));
  if (!str(ctr['image'])) errs.push(required(path.child('image').text));
  const tmp = str(ctr['terminationMessagePolicy']);
  if (tmp === '') errs.push(required(path.child('terminationMessagePolicy').text));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') errs.push(notSupported(path.child('terminationMessagePolicy').text, tmp, ['File', 'FallbackToLogsOnError']));
  errs.push(...validateContainerPorts(ctr['ports'], path.child('ports')));
  errs.push(...validateEnv(ctr['env'], path.child('env')));
  errs.push(...validateEnvFrom(ctr['envFrom'], path.child('envFrom')));
  errs.push(...validateVolumeMounts(ctr['volumeMounts'], volumes, path.child('volumeMounts')));
  const pull = str(ctr['imagePullPolicy']);
  if (pull === '') errs.push(required(path.child('imagePullPolicy').text));
  else if (!['Always', 'IfNotPresent', 'Never'].includes(pull)) errs.push(notSupported(path.child('imagePullPolicy').text, pull, ['Always', 'IfNotPresent', 'Never']));
  errs.push(...validateResources(ctr['resources'], path.child('resources')));
  return errs;
}

/** AccumulateUniqueHostPorts: "<protocol>/<hostIP>/<port>" must be unique across containers. */
export function checkHostPortConflicts(containers: unknown[], fld: FieldPath): FieldError[] {
  const seen = new Set<string>();
  const errs: FieldError[] = [];
  containers.forEach((c, ci) => {
    arr(obj(c)['ports']).forEach((p, pi) => {
      const port = obj(p);
      const hp = num(port['hostPort']);
      if (hp === 0) return;
      const key = `${str(port['protocol'])}/${str(port['hostIP'])}/${hp}`;
      if (seen.has(key)) errs.push(duplicate(fld.index(ci).child('ports').index(pi).child('hostPort').text, key));
      else seen.add(key);
    });
  });
  return errs;
}
