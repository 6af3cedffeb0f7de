// Test helpers for Service validation: build a Service the way the apiserver hands it to
// validation (decoded v1 JSON → SetDefaults_Service → the registry's clusterIP / family /
// nodePort fill-in), plus upstream's message texts used across the tables.
import { defaultObject } from '../defaults/index.ts';
import { errorString, type FieldError } from '../field.ts';
import { parseIP, to4 } from './service-netip.ts';

export type Obj = Record<string, any>;

export const msgs = (errs: readonly FieldError[]) => errs.map(errorString);

export const label1123 = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
export const subdomain1123 = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
export const label1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
export const qnamePart = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
export const labelValue = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
export const portRange = 'must be between 1 and 65535, inclusive';
export const badIP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
export const badCIDR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
export const lbOnly = "may only be used when `type` is 'LoadBalancer'";

/** What a user might send: a selector Service with one unnamed TCP port. */
export function userService(spec: Obj = {}, meta: Obj = {}): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', ...meta },
    spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }], ...spec },
  };
}

const family = (ip: string) => {
  const p = parseIP(ip);
  return p && !to4(p) ? 'IPv6' : 'IPv4';
};

/**
 * The registry's part before validation (storage.go normalizeClusterIPs + alloc.go): copy
 * clusterIP into clusterIPs, allocate 10.96.0.10 when empty, infer families and policy, assign
 * nodePorts from 30000 and a health-check port for LB+Local. Anything already set is kept.
 */
export function allocate(svc: Obj): Obj {
  const spec = svc.spec;
  if (spec.type === 'ExternalName') return svc;
  if (spec.clusterIP && !spec.clusterIPs) spec.clusterIPs = [spec.clusterIP];
  if (!spec.clusterIP && !spec.clusterIPs) {
    spec.clusterIP = '10.96.0.10';
    spec.clusterIPs = ['10.96.0.10'];
  }
  const headless = spec.clusterIP === 'None';
  if (!spec.ipFamilyPolicy) spec.ipFamilyPolicy = headless && !spec.selector ? 'RequireDualStack' : 'SingleStack';
  if (!spec.ipFamilies) {
    if (headless) spec.ipFamilies = spec.ipFamilyPolicy === 'SingleStack' ? ['IPv4'] : ['IPv4', 'IPv6'];
    else spec.ipFamilies = (spec.clusterIPs as string[]).map(family);
  }
  const wantsNodePorts = spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
  if (wantsNodePorts) (spec.ports ?? []).forEach((p: Obj, i: number) => { if (!p.nodePort) p.nodePort = 30000 + i; });
  if (spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local' && !spec.healthCheckNodePort) spec.healthCheckNodePort = 30100;
  return svc;
}

/** decode → default → allocate, as the apiserver prepares a create. */
export function prepared(svc: Obj): Obj {
  return allocate(defaultObject('', 'v1', 'Service', svc));
}

/** A stored Service (resourceVersion set), for update tests. */
export function stored(spec: Obj = {}, meta: Obj = {}): Obj {
  return prepared(userService(spec, { resourceVersion: '7', uid: 'u-1', ...meta }));
}
