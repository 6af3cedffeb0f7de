import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { findKind } from '../../api/resources.ts';
import { findUnknownFields } from './index.ts';

const check = (obj: { apiVersion: string; kind: string }) => {
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
  return findUnknownFields(group!, version!, obj.kind, obj);
};

test('manifests from the seed articles have no unknown fields', (t) => {
  const dir = join(import.meta.dirname, '../../../../shared/seeds');
  if (!existsSync(dir)) return t.skip(`no seeds at ${dir}`);
  let checked = 0;
  for (const f of readdirSync(dir)) {
    // The YAML examples sit in ``` fences inside prose.
    for (const block of readFileSync(join(dir, f), 'utf8').matchAll(/```[a-z]*\n([\s\S]*?)```/g)) {
      for (const doc of parseAllDocuments(block[1]!)) {
        const obj = doc.toJS();
        if (!obj?.apiVersion || !findKind(obj.apiVersion, obj.kind)) continue;
        assert.deepEqual(check(obj), [], `${f}: ${obj.kind} ${obj.metadata?.name}`);
        checked++;
      }
    }
  }
  assert.ok(checked >= 2, `only ${checked} seed manifests found`);
});

// `kubectl create ... --dry-run=client -o json` (kubectl 1.32), sent as-is by `create`.
const kubectlDeployment = { kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { creationTimestamp: null, labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 8080 }], resources: {} }] } }, strategy: {} }, status: {} };
const kubectlNodePort = { kind: 'Service', apiVersion: 'v1', metadata: { name: 'np', creationTimestamp: null, labels: { app: 'np' } }, spec: { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }], selector: { app: 'np' }, type: 'NodePort' }, status: { loadBalancer: {} } };

const fullDeploymentYaml = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: prod
  uid: 5b0f3c1e-8d7a-4d0c-9b1a-0c5d2f8e7a11
  resourceVersion: "1234"
  generation: 3
  creationTimestamp: "2025-01-01T00:00:00Z"
  labels: {app: api}
  annotations: {deployment.kubernetes.io/revision: "3"}
  managedFields:
  - manager: kubectl-client-side-apply
    operation: Update
    apiVersion: apps/v1
    time: "2025-01-01T00:00:00Z"
    fieldsType: FieldsV1
    fieldsV1: {"f:spec": {"f:replicas": {}}}
spec:
  replicas: 3
  revisionHistoryLimit: 10
  progressDeadlineSeconds: 600
  selector:
    matchLabels: {app: api}
    matchExpressions: [{key: tier, operator: In, values: [web]}]
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}
  template:
    metadata:
      labels: {app: api, tier: web}
    spec:
      terminationGracePeriodSeconds: 30
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {runAsNonRoot: true, runAsUser: 1000, fsGroup: 2000, seccompProfile: {type: RuntimeDefault}}
      serviceAccountName: api
      nodeSelector: {kubernetes.io/os: linux}
      tolerations: [{key: dedicated, operator: Equal, value: api, effect: NoSchedule}]
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            podAffinityTerm:
              topologyKey: kubernetes.io/hostname
              labelSelector: {matchLabels: {app: api}}
      topologySpreadConstraints:
      - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: api}}}
      initContainers:
      - {name: migrate, image: "api:1.2", command: [/migrate], restartPolicy: Always}
      containers:
      - name: api
        image: registry.example/api:1.2
        imagePullPolicy: IfNotPresent
        args: [--port=8080]
        ports: [{name: http, containerPort: 8080, protocol: TCP}]
        env:
        - {name: MODE, value: prod}
        - name: POD_IP
          valueFrom: {fieldRef: {apiVersion: v1, fieldPath: status.podIP}}
        - name: SECRET
          valueFrom: {secretKeyRef: {name: api, key: token, optional: true}}
        envFrom: [{configMapRef: {name: api-config}, prefix: CFG_}]
        resources:
          requests: {cpu: 100m, memory: 128Mi}
          limits: {cpu: 1, memory: 1Gi}
        readinessProbe: {httpGet: {path: /healthz, port: http, scheme: HTTP}, periodSeconds: 5, failureThreshold: 3}
        livenessProbe: {tcpSocket: {port: 8080}, initialDelaySeconds: 10}
        startupProbe: {exec: {command: [cat, /tmp/ready]}}
        lifecycle: {preStop: {sleep: {seconds: 5}}}
        volumeMounts: [{name: data, mountPath: /data, readOnly: true}, {name: cfg, mountPath: /etc/cfg}]
        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, readOnlyRootFilesystem: true}
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      volumes:
      - {name: data, emptyDir: {sizeLimit: 1Gi}}
      - {name: cfg, configMap: {name: api-config, defaultMode: 420, items: [{key: a, path: a}]}}
      - name: proj
        projected:
          sources: [{serviceAccountToken: {path: token, expirationSeconds: 3600}}, {downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}}]
status:
  observedGeneration: 3
  replicas: 3
  updatedReplicas: 3
  readyReplicas: 3
  availableReplicas: 3
  conditions:
  - {type: Available, status: "True", lastUpdateTime: "2025-01-01T00:00:00Z", lastTransitionTime: "2025-01-01T00:00:00Z", reason: MinimumReplicasAvailable, message: ok}
`;

const fullPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'u1', controller: true, blockOwnerDeletion: true }] },
  spec: { containers: [{ name: 'c', image: 'nginx' }], nodeName: 'node-1', enableServiceLinks: true, preemptionPolicy: 'PreemptLowerPriority', priority: 0 },
  status: {
    phase: 'Running',
    hostIP: '10.0.0.1',
    hostIPs: [{ ip: '10.0.0.1' }],
    podIP: '10.244.0.5',
    podIPs: [{ ip: '10.244.0.5' }],
    qosClass: 'BestEffort',
    startTime: '2025-01-01T00:00:00Z',
    conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2025-01-01T00:00:00Z' }],
    containerStatuses: [{ name: 'c', ready: true, started: true, restartCount: 0, image: 'nginx:latest', imageID: 'docker.io/library/nginx@sha256:x', containerID: 'containerd://1', state: { running: { startedAt: '2025-01-01T00:00:00Z' } }, lastState: {}, volumeMounts: [{ name: 'kube-api-access', mountPath: '/var/run/secrets', readOnly: true, recursiveReadOnly: 'Disabled' }] }],
  },
};

const fullService = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'lb', namespace: 'default', finalizers: ['service.kubernetes.io/load-balancer-cleanup'] },
  spec: {
    type: 'LoadBalancer', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack',
    ports: [{ name: 'https', protocol: 'TCP', appProtocol: 'https', port: 443, targetPort: 'https', nodePort: 30443 }],
    selector: { app: 'web' }, sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
    externalTrafficPolicy: 'Local', healthCheckNodePort: 31000, internalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true,
    loadBalancerSourceRanges: ['0.0.0.0/0'], publishNotReadyAddresses: false, trafficDistribution: 'PreferClose',
  },
  status: { loadBalancer: { ingress: [{ ip: '192.0.2.1', ipMode: 'VIP', ports: [{ port: 443, protocol: 'TCP' }] }] }, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2025-01-01T00:00:00Z', reason: 'x', message: 'y', observedGeneration: 1 }] },
};

const slice = {
  apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-abc', labels: { 'kubernetes.io/service-name': 'web' } },
  addressType: 'IPv4', ports: [{ name: 'http', port: 8080, protocol: 'TCP', appProtocol: 'http' }],
  endpoints: [{ addresses: ['10.244.0.5'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'node-1', zone: 'a', targetRef: { kind: 'Pod', name: 'web-1', namespace: 'default', uid: 'u' }, hints: { forZones: [{ name: 'a' }], forNodes: [{ name: 'node-1' }] } }],
};

test('realistic objects, status included, have no unknown fields', () => {
  const deployment = parseAllDocuments(fullDeploymentYaml)[0]!.toJS();
  for (const obj of [kubectlDeployment, kubectlNodePort, deployment, fullPod, fullService, slice]) assert.deepEqual(check(obj), [], obj.kind);
  const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'n' }, spec: { holderIdentity: 'n', leaseDurationSeconds: 40, renewTime: '2025-01-01T00:00:00.000000Z' } };
  const event = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e' }, eventTime: '2025-01-01T00:00:00.000000Z', reportingController: 'x', reportingInstance: 'y', action: 'A', reason: 'R', regarding: { kind: 'Pod', name: 'p' }, note: 'n', type: 'Normal', series: { count: 2, lastObservedTime: '2025-01-01T00:00:00.000000Z' } };
  const coreEvent = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'p', fieldPath: 'spec.containers{c}' }, reason: 'Pulled', message: 'm', source: { component: 'kubelet', host: 'n' }, firstTimestamp: '2025-01-01T00:00:00Z', lastTimestamp: null, count: 1, type: 'Normal', reportingComponent: 'kubelet', reportingInstance: 'n' };
  const scale = { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web' }, spec: { replicas: 3 }, status: { replicas: 3, selector: 'app=web' } };
  for (const obj of [lease, event, coreEvent, scale]) assert.deepEqual(check(obj), [], obj.kind);
});

test('typos are reported with upstream strict-decoding paths', () => {
  const svc = structuredClone(kubectlNodePort) as Record<string, any>;
  svc.spec.bogusField = 1;
  svc.spec.ports[0].targetport = 8080;
  svc.metadata.lables = { a: 'b' };
  svc.status.loadBalancer.ingres = [];
  assert.deepEqual(check(svc as any), ['unknown field "metadata.lables"', 'unknown field "spec.ports[0].targetport"', 'unknown field "spec.bogusField"', 'unknown field "status.loadBalancer.ingres"']);

  const dep = structuredClone(kubectlDeployment) as Record<string, any>;
  dep.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
  dep.spec.template.spec.containers[0].ports[0].containerport = 1;
  dep.spec.replica = 1;
  dep.extra = true;
  // Reported in document order, as the decoder meets them.
  assert.deepEqual(check(dep as any), [
    'unknown field "spec.template.spec.containers[0].ports[0].containerport"',
    'unknown field "spec.template.spec.containers[0].imagePullPolicyy"',
    'unknown field "spec.replica"',
    'unknown field "extra"',
  ]);
});

test('maps, IntOrString, Quantity and free-form fields accept anything they should', () => {
  const dep = structuredClone(kubectlDeployment) as Record<string, any>;
  dep.metadata.annotations = { 'any.key/with-dots': 'v' };
  dep.metadata.managedFields = [{ manager: 'm', fieldsV1: { 'f:spec': { 'f:anything': {} } } }];
  dep.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '50%', maxUnavailable: 1 } };
  dep.spec.template.spec.containers[0].resources = { limits: { cpu: 2, memory: '1Gi' }, requests: { cpu: '0.5' } };
  assert.deepEqual(check(dep as any), []);
  assert.deepEqual(findUnknownFields('', 'v1', 'NoSuchKind', { a: 1 }), []);
  assert.deepEqual(findUnknownFields('', 'v1', 'ServiceList', { apiVersion: 'v1', kind: 'ServiceList', metadata: {}, items: [{ spec: { x: 1 } }] }), ['unknown field "items[0].spec.x"']);
});
