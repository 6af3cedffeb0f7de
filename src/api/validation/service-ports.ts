// Service port checks from ValidateService: each port (validateServicePort), the ClusterIP-only
// nodePort ban, and the two duplicate scans. They are separate loops upstream, so a Service
// with several problems reports all port errors first, then nodePorts, then duplicates.
import { duplicate, forbidden, GoValue, invalid, notSupported, quoteGo, required, type FieldError, type FieldPath } from '../field.ts';
import { isDNS1123Label, isQualifiedName, isValidPortName, isValidPortNum } from './names.ts';
import { arr, isSet, num, obj, str, type Obj } from './util.ts';

export const supportedPortProtocols = ['SCTP', 'TCP', 'UDP'] as const;

/** ValidatePortNumOrName: an int targetPort is range-checked, a string one is an IANA_SVC_NAME. */
function validatePortNumOrName(port: unknown, fld: FieldPath): FieldError[] {
  if (typeof port === 'string') return isValidPortName(port).map((m) => invalid(fld.text, port, m));
  const n = num(port); // absent targetPort is intstr's zero value (Int 0)
  return isValidPortNum(n).map((m) => invalid(fld.text, n, m));
}

function validateServicePort(sp: Obj, requireName: boolean, allNames: Set<string>, fld: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(sp['name']);
  if (requireName && !name) errs.push(required(fld.child('name').text));
  else if (name) {
    for (const m of isDNS1123Label(name)) errs.push(invalid(fld.child('name').text, name, m));
    if (allNames.has(name)) errs.push(duplicate(fld.child('name').text, name));
    else allNames.add(name);
  }
  const port = num(sp['port']);
  for (const m of isValidPortNum(port)) errs.push(invalid(fld.child('port').text, port, m));
  const protocol = str(sp['protocol']);
  if (!protocol) errs.push(required(fld.child('protocol').text));
  else if (!(supportedPortProtocols as readonly string[]).includes(protocol)) errs.push(notSupported(fld.child('protocol').text, protocol, supportedPortProtocols));
  errs.push(...validatePortNumOrName(sp['targetPort'], fld.child('targetPort')));
  if (isSet(sp['appProtocol'])) {
    const ap = str(sp['appProtocol']);
    for (const m of isQualifiedName(ap)) errs.push(invalid(fld.child('appProtocol').text, ap, m));
  }
  // targetPort on headless Services is tolerated by the v1 API (upstream left the check commented out).
  return errs;
}

/** The Go %#v of the core.ServicePort key upstream uses for the (protocol, port) duplicate check. */
function goServicePortKey(protocol: string, port: number): GoValue {
  return new GoValue(
    `core.ServicePort{Name:"", Protocol:${quoteGo(protocol)}, AppProtocol:(*string)(nil), Port:${port}, ` +
      'TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
  );
}

/** Per-port validation: runs right after the type-specific clusterIP/externalName checks. */
export function validateServicePorts(spec: Obj, fld: FieldPath): FieldError[] {
  const ports = arr(spec['ports']).map(obj);
  const names = new Set<string>();
  const errs: FieldError[] = [];
  ports.forEach((p, i) => errs.push(...validateServicePort(p, ports.length > 1, names, fld.index(i))));
  return errs;
}

/** The nodePort / duplicate scans that run after spec.type is checked. */
export function validateServicePortUniqueness(spec: Obj, fld: FieldPath): FieldError[] {
  const ports = arr(spec['ports']).map(obj);
  const errs: FieldError[] = [];
  if (spec['type'] === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (num(p['nodePort']) !== 0) errs.push(forbidden(fld.index(i).child('nodePort').text, "may not be used when `type` is 'ClusterIP'"));
    });
  }
  // Same nodePort on the same protocol twice; TCP and UDP may share one.
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    const np = num(p['nodePort']);
    if (np === 0) return;
    const key = `${str(p['protocol'])}/${np}`;
    if (nodePorts.has(key)) errs.push(duplicate(fld.index(i).child('nodePort').text, np));
    nodePorts.add(key);
  });
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const protocol = str(p['protocol']);
    const port = num(p['port']);
    const key = `${protocol}/${port}`;
    if (seen.has(key)) errs.push(duplicate(fld.index(i).text, goServicePortKey(protocol, port)));
    seen.add(key);
  });
  return errs;
}
