import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admitPodDefaults, defaultObject as defaultTyped, hasDefaulter, imageTag, prepareNamespaceForCreate, registerDefaulter } from './index.ts';

// Tests poke at arbitrary nested fields, so they work on `any`.
const defaultObject = (g: string, v: string, k: string, o: unknown): any => defaultTyped(g, v, k, o);

// What `kubectl create deployment web --image=nginx --dry-run=client -o json` sends ...
const clientDeployment = {
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { labels: { app: 'web' }, name: 'web', namespace: 'default' },
  spec: {
    replicas: 1, selector: { matchLabels: { app: 'web' } }, strategy: {},
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ image: 'nginx', name: 'nginx', resources: {} }] } },
  },
  status: {},
};

// ... and the spec a real apiserver stores for it (`kubectl get deploy web -o yaml`).
const goldenSpec = {
  progressDeadlineSeconds: 600,
  replicas: 1,
  revisionHistoryLimit: 10,
  selector: { matchLabels: { app: 'web' } },
  strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
  template: {
    metadata: { labels: { app: 'web' } },
    spec: {
      containers: [{ image: 'nginx', imagePullPolicy: 'Always', name: 'nginx', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
      dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30,
    },
  },
};

test('Deployment golden: kubectl create deployment web --image=nginx', () => {
  const out = defaultObject('apps', 'v1', 'Deployment', clientDeployment);
  assert.deepEqual(out.spec, goldenSpec);
  assert.deepEqual(clientDeployment.spec.strategy, {}, 'input is not mutated');
});

test('Pod golden: pod-only defaults, probes, ports, env, volumes, requests from limits', () => {
  const out = defaultObject('', 'v1', 'Pod', {
    metadata: { name: 'p', namespace: 'default' },
    spec: {
      volumes: [{ name: 'scratch' }, { name: 'cfg', configMap: { name: 'c' } }, { name: 'h', hostPath: { path: '/tmp' } }],
      containers: [{
        name: 'app', image: 'registry.k8s.io/e2e-test-images/agnhost:2.47',
        ports: [{ containerPort: 9376 }],
        env: [{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
        readinessProbe: { httpGet: { port: 9376 } },
        livenessProbe: { grpc: { port: 9000 }, periodSeconds: 5 },
        resources: { limits: { cpu: '500m', memory: '64Mi' }, requests: { cpu: '100m' } },
      }],
    },
  });
  assert.deepEqual(out.spec, {
    volumes: [{ name: 'scratch', emptyDir: {} }, { name: 'cfg', configMap: { name: 'c', defaultMode: 420 } }, { name: 'h', hostPath: { path: '/tmp', type: '' } }],
    containers: [{
      name: 'app', image: 'registry.k8s.io/e2e-test-images/agnhost:2.47', imagePullPolicy: 'IfNotPresent',
      terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
      ports: [{ containerPort: 9376, protocol: 'TCP' }],
      env: [{ name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } }],
      readinessProbe: { httpGet: { path: '/', port: 9376, scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
      livenessProbe: { grpc: { port: 9000, service: '' }, periodSeconds: 5, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
      resources: { limits: { cpu: '500m', memory: '64Mi' }, requests: { cpu: '100m', memory: '64Mi' } },
    }],
    enableServiceLinks: true,
    dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', securityContext: {}, terminationGracePeriodSeconds: 30, schedulerName: 'default-scheduler',
  });
});

test('hostNetwork pods default hostPort to containerPort', () => {
  const out = defaultObject('', 'v1', 'Pod', { spec: { hostNetwork: true, containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 8080 }] }] } });
  assert.equal(out.spec.containers[0].ports[0].hostPort, 8080);
});

test('imagePullPolicy follows the tag', () => {
  const cases: [string, string][] = [
    ['nginx', 'latest'], ['nginx:latest', 'latest'], ['nginx:1.27', '1.27'], ['localhost:5000/app', 'latest'],
    ['busybox@sha256:' + 'a'.repeat(64), ''], ['Invalid/Upper', ''],
  ];
  for (const [image, tag] of cases) assert.equal(imageTag(image), tag, image);
});

test('ReplicaSet, Namespace, Node, Endpoints, EndpointSlice', () => {
  assert.equal(defaultObject('apps', 'v1', 'ReplicaSet', { spec: {} }).spec.replicas, 1);
  assert.deepEqual(defaultObject('', 'v1', 'Namespace', { metadata: { name: 'team' } }), { metadata: { name: 'team', labels: { 'kubernetes.io/metadata.name': 'team' } }, status: { phase: 'Active' } });
  assert.deepEqual(defaultObject('', 'v1', 'Node', { status: { capacity: { cpu: '4' } } }).status.allocatable, { cpu: '4' });
  assert.deepEqual(defaultObject('', 'v1', 'Endpoints', { subsets: [{ ports: [{ port: 80 }] }] }).subsets[0].ports, [{ port: 80, protocol: 'TCP' }]);
  assert.deepEqual(defaultObject('discovery.k8s.io', 'v1', 'EndpointSlice', { ports: [{ port: 80 }] }).ports, [{ port: 80, name: '', protocol: 'TCP' }]);
});

test('namespace create adds the kubernetes finalizer (strategy, not defaulting)', () => {
  const ns: Record<string, any> = { metadata: { name: 'a' }, spec: { finalizers: ['example.com/x'] } };
  prepareNamespaceForCreate(ns);
  assert.deepEqual(ns.spec.finalizers, ['example.com/x', 'kubernetes']);
});

test('admission-style pod defaults are separate', () => {
  const p: Record<string, any> = { spec: {} };
  admitPodDefaults(p);
  assert.deepEqual(p.spec, { priority: 0, preemptionPolicy: 'PreemptLowerPriority' });
});

test('Service has its defaulter, and other kinds can register theirs', () => {
  assert.equal(hasDefaulter('', 'v1', 'Service'), true);
  assert.deepEqual(defaultObject('', 'v1', 'Service', { spec: { ports: [{ port: 80 }] } }), {
    spec: { ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], sessionAffinity: 'None', type: 'ClusterIP', internalTrafficPolicy: 'Cluster' },
  });
  registerDefaulter('', 'v1', 'Widget', (o) => { o['x'] = 1; });
  assert.deepEqual(defaultObject('', 'v1', 'Widget', {}), { x: 1 });
});
