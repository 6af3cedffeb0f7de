// core/v1 Endpoints validation (ValidateEndpoints / ValidateEndpointsUpdate, Kubernetes 1.32),
// with Portico's pod-CIDR loopback exception (endpoints-podcidr.ts). Upstream checks an address
// twice: IsValidIP first, ValidateNonSpecialIP last, so a malformed IP yields two errors with
// different wording. targetRef is not validated upstream, and neither are we.
import { invalid, notSupported, required, type FieldError, FieldPath } from '../field.ts';
import { isDNS1123Label, isQualifiedName, isValidPortNum, nameIsDNSSubdomain } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './objectmeta.ts';
import { loopbackExemption, type EndpointValidationOptions } from './endpoints-podcidr.ts';
import { isValidIP, validateNonSpecialIP } from './service-ipcheck.ts';
import { supportedPortProtocols } from './service-ports.ts';
import { arr, isSet, num, obj, str, type Obj } from './util.ts';

export type { EndpointValidationOptions };

function validateEndpointAddress(addr: Obj, fld: FieldPath, allowLoopback: ReturnType<typeof loopbackExemption>): FieldError[] {
  const ip = str(addr['ip']);
  const errs = isValidIP(fld.child('ip'), ip);
  const hostname = str(addr['hostname']);
  if (hostname) for (const m of isDNS1123Label(hostname)) errs.push(invalid(fld.child('hostname').text, hostname, m));
  if (isSet(addr['nodeName'])) {
    const node = str(addr['nodeName']);
    for (const m of nameIsDNSSubdomain(node, false)) errs.push(invalid(fld.child('nodeName').text, node, m));
  }
  errs.push(...validateNonSpecialIP(ip, fld.child('ip'), allowLoopback));
  return errs;
}

function validateEndpointPort(port: Obj, requireName: boolean, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(port['name']);
  if (requireName && !name) errs.push(required(fld.child('name').text));
  else if (name) for (const m of isDNS1123Label(name)) errs.push(invalid(fld.child('name').text, name, m));
  const n = num(port['port']);
  for (const m of isValidPortNum(n)) errs.push(invalid(fld.child('port').text, n, m));
  const protocol = str(port['protocol']);
  if (!protocol) errs.push(required(fld.child('protocol').text));
  else if (!(supportedPortProtocols as readonly string[]).includes(protocol)) errs.push(notSupported(fld.child('protocol').text, protocol, supportedPortProtocols));
  if (isSet(port['appProtocol'])) {
    const ap = str(port['appProtocol']);
    for (const m of isQualifiedName(ap)) errs.push(invalid(fld.child('appProtocol').text, ap, m));
  }
  return errs;
}

function validateEndpointSubsets(subsets: unknown, fld: FieldPath, opts: EndpointValidationOptions): FieldError[] {
  const allowLoopback = loopbackExemption(opts);
  const errs: FieldError[] = [];
  arr(subsets).map(obj).forEach((ss, i) => {
    const p = fld.index(i);
    const addresses = arr(ss['addresses']).map(obj);
    const notReady = arr(ss['notReadyAddresses']).map(obj);
    const ports = arr(ss['ports']).map(obj);
    // Headless Services may publish endpoints without ports, but never a subset without addresses.
    if (addresses.length === 0 && notReady.length === 0) errs.push(required(p.text, 'must specify `addresses` or `notReadyAddresses`'));
    addresses.forEach((a, j) => errs.push(...validateEndpointAddress(a, p.child('addresses').index(j), allowLoopback)));
    notReady.forEach((a, j) => errs.push(...validateEndpointAddress(a, p.child('notReadyAddresses').index(j), allowLoopback)));
    ports.forEach((port, j) => errs.push(...validateEndpointPort(port, ports.length > 1, p.child('ports').index(j))));
  });
  return errs;
}

/** ValidateEndpoints (create). ValidateEndpointsSpecificAnnotations is a no-op upstream. */
export function validateEndpoints(ep: unknown, opts: EndpointValidationOptions = {}): FieldError[] {
  const o = obj(ep);
  const errs = validateObjectMeta(o['metadata'], { namespaced: true, nameValidator: 'subdomain' });
  errs.push(...validateEndpointSubsets(o['subsets'], new FieldPath('subsets'), opts));
  return errs;
}

/** ValidateEndpointsUpdate: nodeName may change (IPs get reused), so only metadata rules are added. */
export function validateEndpointsUpdate(ep: unknown, old: unknown, opts: EndpointValidationOptions = {}): FieldError[] {
  const errs = validateObjectMetaUpdate(obj(ep)['metadata'], obj(old)['metadata']);
  errs.push(...validateEndpoints(ep, opts));
  return errs;
}
