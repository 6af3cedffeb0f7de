import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString } from '../field.ts';
import { defaultObject as defaultTyped } from '../defaults/index.ts';

const defaultObject = (g: string, v: string, k: string, o: unknown): any => defaultTyped(g, v, k, o);
import { validatePod, validatePodUpdate } from './index.ts';

type Obj = Record<string, any>;
const msgs = (errs: Parameters<typeof errorString>[0][]) => errs.map(errorString);
const pod = (): Obj => defaultObject('', 'v1', 'Pod', {
  metadata: { name: 'web', namespace: 'default', resourceVersion: '1' },
  spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80, name: 'http' }] }] },
});
const mutate = (f: (p: Obj) => void) => { const p = pod(); f(p); return msgs(validatePod(p)); };
const c0 = 'spec.containers[0]';

test('a defaulted pod is valid', () => assert.deepEqual(msgs(validatePod(pod())), []));

test('table: ValidatePodSpec messages', () => {
  const cases: [string, (p: Obj) => void, string[]][] = [
    ['no containers', (p) => (p.spec.containers = []), ['spec.containers: Required value']],
    ['image required', (p) => delete p.spec.containers[0].image, [`${c0}.image: Required value`]],
    ['bad container name', (p) => (p.spec.containers[0].name = 'Web'), [`${c0}.name: Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`]],
    ['duplicate container', (p) => p.spec.containers.push({ ...p.spec.containers[0] }), ['spec.containers[1].name: Duplicate value: "web"']],
    ['containerPort 0', (p) => (p.spec.containers[0].ports[0].containerPort = 0), [`${c0}.ports[0].containerPort: Required value`]],
    ['containerPort range', (p) => (p.spec.containers[0].ports[0].containerPort = 70000), [`${c0}.ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive`]],
    ['hostPort range', (p) => (p.spec.containers[0].ports[0].hostPort = -1), [`${c0}.ports[0].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive`]],
    ['protocol', (p) => (p.spec.containers[0].ports[0].protocol = 'ICMP'), [`${c0}.ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"`]],
    ['port name', (p) => (p.spec.containers[0].ports[0].name = 'HTTP'), [`${c0}.ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`, `${c0}.ports[0].name: Invalid value: "HTTP": must contain at least one letter (a-z)`]],
    ['env name', (p) => (p.spec.containers[0].env = [{ name: '' }]), [`${c0}.env[0].name: Required value`]],
    ['env valueFrom empty', (p) => (p.spec.containers[0].env = [{ name: 'A', valueFrom: {} }]), [`${c0}.env[0].valueFrom: Invalid value: "": must specify one of: \`fieldRef\`, \`resourceFieldRef\`, \`configMapKeyRef\` or \`secretKeyRef\``]],
    ['env fieldPath', (p) => (p.spec.containers[0].env = [{ name: 'A', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.phase' } } }]), [`${c0}.env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"`]],
    ['probe no handler', (p) => (p.spec.containers[0].readinessProbe = { periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 }), [`${c0}.readinessProbe: Required value: must specify a handler type`]],
    ['liveness successThreshold', (p) => (p.spec.containers[0].livenessProbe = { tcpSocket: { port: 80 }, successThreshold: 2 }), [`${c0}.livenessProbe.successThreshold: Invalid value: 2: must be 1`]],
    ['probe port', (p) => (p.spec.containers[0].livenessProbe = { httpGet: { path: '/', port: 0, scheme: 'HTTP' }, successThreshold: 1 }), [`${c0}.livenessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive`]],
    ['restartPolicy', (p) => (p.spec.restartPolicy = 'Sometimes'), ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"']],
    ['dnsPolicy', (p) => (p.spec.dnsPolicy = 'Cluster'), ['spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"']],
    ['grace period required', (p) => delete p.spec.terminationGracePeriodSeconds, ['spec.terminationGracePeriodSeconds: Required value']],
    ['volume name duplicate', (p) => (p.spec.volumes = [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }]), ['spec.volumes[1].name: Duplicate value: "v"']],
    ['mount unknown volume', (p) => (p.spec.containers[0].volumeMounts = [{ name: 'nope', mountPath: '/data' }]), [`${c0}.volumeMounts[0].name: Not found: "nope"`]],
    ['two volume sources', (p) => (p.spec.volumes = [{ name: 'v', emptyDir: {}, hostPath: { path: '/tmp', type: '' } }]), ['spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type']],
    ['requests over limits', (p) => (p.spec.containers[0].resources = { limits: { cpu: '500m' }, requests: { cpu: '1' } }), [`${c0}.resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m`]],
    ['unknown resource', (p) => (p.spec.containers[0].resources = { requests: { gpu: '1' } }), [`${c0}.resources.requests[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified`, `${c0}.resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers`]],
    ['negative memory', (p) => (p.spec.containers[0].resources = { requests: { memory: '-1Gi' } }), [`${c0}.resources.requests[memory]: Invalid value: "-1Gi": must be greater than or equal to 0`]],
  ];
  for (const [name, f, want] of cases) assert.deepEqual(mutate(f), want, name);
});

test('update: image may change, other spec fields may not', () => {
  const old = pod();
  const img = structuredClone(old);
  img.spec.containers[0].image = 'nginx:1.27';
  assert.deepEqual(msgs(validatePodUpdate(img, old)), []);
  const bad = structuredClone(old);
  bad.spec.restartPolicy = 'Never';
  const errs = validatePodUpdate(bad, old);
  assert.equal(errs.length, 1);
  assert.ok(errorString(errs[0]!).startsWith('spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n'));
  const fewer = structuredClone(old);
  fewer.spec.containers.push({ ...old.spec.containers[0], name: 'two' });
  assert.deepEqual(msgs(validatePodUpdate(fewer, old)), ['spec.containers: Forbidden: pod updates may not add or remove containers']);
});
