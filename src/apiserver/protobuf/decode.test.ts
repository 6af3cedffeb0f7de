// Decoding semantics on hand-built messages: what Go's typed struct + encoding/json would give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeKubernetesProtobuf, ProtobufDecodeError } from './index.ts';
import { bytes, concat, double, entry, envelope, int, msg, packed, str, timestamp } from './testkit.ts';

const decode = (apiVersion: string, kind: string, ...fields: Uint8Array[]) =>
  decodeKubernetesProtobuf(envelope(apiVersion, kind, concat(...fields))).object;

const rejects400 = (body: Uint8Array, pattern: RegExp) =>
  assert.throws(
    () => decodeKubernetesProtobuf(body),
    (e: unknown) => e instanceof ProtobufDecodeError && e.code === 400 && e.reason === 'BadRequest' && pattern.test(e.message),
  );

test('an empty Service still has creationTimestamp null, spec {} and status.loadBalancer {}', () => {
  assert.deepEqual(decode('v1', 'Service'), {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: { creationTimestamp: null },
    spec: {},
    status: { loadBalancer: {} },
  });
});

test('pointer fields keep explicit zero values; plain fields drop them', () => {
  const obj = decode(
    'v1',
    'Service',
    msg(
      2,
      str(3, ''), // clusterIP: plain string
      int(13, false), // publishNotReadyAddresses: plain bool
      int(12, 0), // healthCheckNodePort: plain int32
      str(17, ''), // ipFamilyPolicy: *string
      int(20, false), // allocateLoadBalancerNodePorts: *bool
      str(22, 'Cluster'), // internalTrafficPolicy: *string
      msg(1, str(1, ''), int(3, 0)), // a port: port has no omitempty, targetPort is a struct
    ),
  );
  assert.deepEqual(obj.spec, {
    ports: [{ port: 0, targetPort: 0 }],
    ipFamilyPolicy: '',
    allocateLoadBalancerNodePorts: false,
    internalTrafficPolicy: 'Cluster',
  });
});

test('Deployment pointers: replicas 0, revisionHistoryLimit 0, progressDeadlineSeconds 0; selector null when absent', () => {
  const obj = decode('apps/v1', 'Deployment', msg(2, int(1, 0), int(6, 0), int(9, 0), int(5, 0), int(7, false)));
  assert.deepEqual(obj.spec, {
    replicas: 0,
    selector: null,
    template: { metadata: { creationTimestamp: null }, spec: { containers: null } },
    strategy: {},
    revisionHistoryLimit: 0,
    progressDeadlineSeconds: 0,
  });
});

test('IntOrString: string form, int form, and pointer forms in a rolling update', () => {
  const ios = (no: number, v: number | string) => (typeof v === 'number' ? msg(no, int(1, 0), int(2, v), str(3, '')) : msg(no, int(1, 1), int(2, 0), str(3, v)));
  const svc = decode('v1', 'Service', msg(2, msg(1, int(3, 80), ios(4, 'http'))));
  assert.deepEqual((svc.spec as { ports: unknown[] }).ports, [{ port: 80, targetPort: 'http' }]);
  const dep = decode('apps/v1', 'Deployment', msg(2, msg(4, str(1, 'RollingUpdate'), msg(2, ios(1, '25%'), ios(2, 0)))));
  assert.deepEqual((dep.spec as { strategy: unknown }).strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 0 } });
});

test('metadata: times, maps sorted, owner references with their non-omitempty strings', () => {
  const obj = decode(
    'v1',
    'ConfigMap',
    msg(
      1,
      str(1, 'c'),
      str(3, 'ns'),
      int(7, 0),
      timestamp(8, 1704164645), // 2024-01-02T03:04:05Z
      timestamp(9, 1704164645, 999_999_999), // nanos are dropped by RFC 3339 seconds
      int(10, 0), // deletionGracePeriodSeconds *int64 = 0
      entry(11, 'z', '1'),
      entry(11, 'a', '2'),
      msg(13, str(1, 'Deployment'), str(3, 'web'), int(6, true)),
      str(14, 'f1'),
    ),
  );
  assert.deepEqual(obj.metadata, {
    name: 'c',
    namespace: 'ns',
    creationTimestamp: '2024-01-02T03:04:05Z',
    deletionTimestamp: '2024-01-02T03:04:05Z',
    deletionGracePeriodSeconds: 0,
    labels: { a: '2', z: '1' },
    ownerReferences: [{ apiVersion: '', kind: 'Deployment', name: 'web', uid: '', controller: true }],
    finalizers: ['f1'],
  });
  assert.deepEqual(Object.keys((obj.metadata as { labels: object }).labels), ['a', 'z']);
});

test('an explicit epoch Time is 1970, not null; only an empty Time message is null', () => {
  const obj = decode('v1', 'Namespace', msg(1, timestamp(8, 0, 0)));
  assert.equal((obj.metadata as { creationTimestamp: unknown }).creationTimestamp, '1970-01-01T00:00:00Z');
  const empty = decode('v1', 'Namespace', msg(1, msg(8)));
  assert.equal((empty.metadata as { creationTimestamp: unknown }).creationTimestamp, null);
});

test('Secret data and ConfigMap binaryData are base64; an empty value stays ""', () => {
  const secret = decode('v1', 'Secret', msg(2, str(1, 'k'), bytes(2, Uint8Array.of(0, 255, 1))), msg(2, str(1, 'e'), bytes(2, new Uint8Array())), str(3, 'Opaque'));
  assert.deepEqual(secret.data, { e: '', k: 'AP8B' });
  assert.equal(secret.type, 'Opaque');
  const cm = decode('v1', 'ConfigMap', int(4, false), msg(3, str(1, 'b'), bytes(2, Uint8Array.of(1))));
  assert.deepEqual(cm, { kind: 'ConfigMap', apiVersion: 'v1', metadata: { creationTimestamp: null }, immutable: false, binaryData: { b: 'AQ==' } });
});

test('a Pod spec: inline volume sources, probes, env, resources, affinity, tolerations, security', () => {
  const container = msg(
    2,
    str(1, 'app'),
    str(2, 'nginx'),
    str(3, 'sh'),
    str(3, '-c'),
    msg(6, str(1, 'http'), int(3, 8080), str(4, 'TCP')),
    msg(7, str(1, 'POD_IP'), msg(3, msg(1, str(1, 'v1'), str(2, 'status.podIP')))),
    msg(7, str(1, 'MODE'), str(2, 'fast')),
    msg(19, msg(2, msg(1, str(1, 'cfg')), int(2, true))),
    msg(8, msg(1, str(1, 'cpu'), msg(2, str(1, '500m'))), msg(2, str(1, 'memory'), msg(2, str(1, '64Mi')))),
    msg(9, str(1, 'data'), str(3, '/data'), int(2, true)),
    msg(10, msg(1, msg(2, str(1, '/healthz'), msg(2, int(1, 1), str(3, 'http')), str(4, 'HTTP'))), int(2, 3), int(4, 10)),
    msg(11, msg(1, msg(3, msg(1, int(1, 0), int(2, 8080)))), int(7, 0)),
    msg(22, msg(1, msg(4, int(1, 9090), str(2, '')))),
    msg(12, msg(2, msg(1, str(1, 'sleep'), str(1, '5'))), msg(1, msg(4, int(1, 3)))),
    msg(15, msg(1, str(1, 'NET_ADMIN')), int(5, true), int(4, 0)),
  );
  const obj = decode(
    'v1',
    'Pod',
    msg(1, str(1, 'p')),
    msg(
      2,
      msg(1, str(1, 'data'), msg(2, msg(2, str(1, 'Memory'), msg(2, str(1, '1Gi'))))),
      msg(1, str(1, 'cfg'), msg(2, msg(19, msg(1, str(1, 'settings')), msg(2, str(1, 'a'), str(2, 'a.txt')), int(3, 420)))),
      msg(1, str(1, 'sec'), msg(2, msg(6, str(1, 's1'), int(3, 256)))),
      msg(1, str(1, 'host'), msg(2, msg(1, str(1, '/var/log'), str(2, 'Directory')))),
      msg(1, str(1, 'pvc'), msg(2, msg(10, str(1, 'claim')))),
      msg(1, str(1, 'proj'), msg(2, msg(26, msg(1, msg(4, str(1, 'api'), int(2, 3600), str(3, 'token')))))),
      msg(1, str(1, 'dapi'), msg(2, msg(16, msg(1, str(1, 'labels'), msg(2, str(2, 'metadata.labels')))))),
      container,
      int(4, 0),
      msg(14, int(2, 1000), packed(4, [1, 2]), int(5, 2000), msg(10, str(1, 'RuntimeDefault'))),
      msg(18, msg(1, msg(1, msg(1, msg(1, str(1, 'zone'), str(2, 'In'), str(3, 'a'))))), msg(3, msg(2, int(1, 100), msg(2, msg(1, msg(1, str(1, 'app'), str(2, 'web'))), str(3, 'kubernetes.io/hostname'))))),
      msg(22, str(1, 'k'), str(2, 'Exists'), str(4, 'NoExecute'), int(5, 0)),
      msg(33, int(1, 1), str(2, 'zone'), str(3, 'DoNotSchedule')),
      msg(26, str(1, '1.1.1.1'), msg(3, str(1, 'ndots'), str(2, '2'))),
      msg(23, str(1, '10.0.0.1'), str(2, 'db')),
      msg(28, str(1, 'example.com/ready')),
      int(30, false),
    ),
  );
  assert.deepEqual(obj.spec, {
    volumes: [
      { name: 'data', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } },
      { name: 'cfg', configMap: { name: 'settings', items: [{ key: 'a', path: 'a.txt' }], defaultMode: 420 } },
      { name: 'sec', secret: { secretName: 's1', defaultMode: 256 } },
      { name: 'host', hostPath: { path: '/var/log', type: 'Directory' } },
      { name: 'pvc', persistentVolumeClaim: { claimName: 'claim' } },
      { name: 'proj', projected: { sources: [{ serviceAccountToken: { audience: 'api', expirationSeconds: 3600, path: 'token' } }] } },
      { name: 'dapi', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
    ],
    containers: [
      {
        name: 'app',
        image: 'nginx',
        command: ['sh', '-c'],
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        envFrom: [{ configMapRef: { name: 'cfg', optional: true } }],
        env: [
          { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
          { name: 'MODE', value: 'fast' },
        ],
        resources: { limits: { cpu: '500m' }, requests: { memory: '64Mi' } },
        volumeMounts: [{ name: 'data', readOnly: true, mountPath: '/data' }],
        livenessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, initialDelaySeconds: 3, periodSeconds: 10 },
        readinessProbe: { tcpSocket: { port: 8080 }, terminationGracePeriodSeconds: 0 },
        startupProbe: { grpc: { port: 9090, service: '' } },
        lifecycle: { postStart: { sleep: { seconds: 3 } }, preStop: { exec: { command: ['sleep', '5'] } } },
        securityContext: { capabilities: { add: ['NET_ADMIN'] }, runAsUser: 0, runAsNonRoot: true },
      },
    ],
    terminationGracePeriodSeconds: 0,
    securityContext: { runAsUser: 1000, supplementalGroups: [1, 2], fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' } },
    affinity: {
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } },
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' } },
        ],
      },
    },
    tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 }],
    hostAliases: [{ ip: '10.0.0.1', hostnames: ['db'] }],
    dnsConfig: { nameservers: ['1.1.1.1'], options: [{ name: 'ndots', value: '2' }] },
    readinessGates: [{ conditionType: 'example.com/ready' }],
    enableServiceLinks: false,
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }],
  });
  assert.deepEqual(obj.status, {});
});

test('EndpointSlice: pointer conditions and ports, non-omitempty lists written as null', () => {
  const obj = decode(
    'discovery.k8s.io/v1',
    'EndpointSlice',
    msg(1, str(1, 'web-abc')),
    str(4, 'IPv4'),
    msg(2, str(1, '10.244.0.5'), msg(2, int(1, true), int(3, false)), str(6, 'node-1'), msg(4, str(1, 'Pod'), str(3, 'web-1'))),
  );
  assert.deepEqual(obj, {
    kind: 'EndpointSlice',
    apiVersion: 'discovery.k8s.io/v1',
    metadata: { name: 'web-abc', creationTimestamp: null },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.244.0.5'], conditions: { ready: true, terminating: false }, targetRef: { kind: 'Pod', name: 'web-1' }, nodeName: 'node-1' }],
    ports: null,
  });
});

test('Endpoints, Node, Lease, both Events and DeleteOptions decode', () => {
  const ep = decode('v1', 'Endpoints', msg(2, msg(1, str(1, '10.0.0.1')), msg(3, str(1, ''), int(2, 80), str(3, 'TCP'))));
  assert.deepEqual(ep.subsets, [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80, protocol: 'TCP' }] }]);

  const node = decode('v1', 'Node', msg(2, str(1, '10.244.0.0/24'), msg(5, str(1, 'node.kubernetes.io/not-ready'), str(3, 'NoSchedule'))), msg(3, msg(1, str(1, 'cpu'), msg(2, str(1, '4'))), msg(6, msg(1, int(1, 10250)))));
  assert.deepEqual(node.spec, { podCIDR: '10.244.0.0/24', taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] });
  assert.deepEqual((node.status as Record<string, unknown>).daemonEndpoints, { kubeletEndpoint: { Port: 10250 } });
  assert.deepEqual((node.status as Record<string, unknown>).nodeInfo, {
    machineID: '', systemUUID: '', bootID: '', kernelVersion: '', osImage: '', containerRuntimeVersion: '',
    kubeletVersion: '', kubeProxyVersion: '', operatingSystem: '', architecture: '',
  });

  const lease = decode('coordination.k8s.io/v1', 'Lease', msg(2, str(1, ''), int(2, 40), timestamp(4, 1704164645, 123456789), int(5, 0)));
  assert.deepEqual(lease.spec, { holderIdentity: '', leaseDurationSeconds: 40, renewTime: '2024-01-02T03:04:05.123456Z', leaseTransitions: 0 });

  const ev = decode('v1', 'Event', msg(2, str(1, 'Service'), str(3, 'web')), str(3, 'Created'), msg(5, str(1, 'service-controller')), int(8, 3), str(9, 'Normal'));
  assert.deepEqual(ev, {
    kind: 'Event', apiVersion: 'v1', metadata: { creationTimestamp: null },
    involvedObject: { kind: 'Service', name: 'web' }, reason: 'Created', source: { component: 'service-controller' },
    firstTimestamp: null, lastTimestamp: null, count: 3, type: 'Normal', eventTime: null,
    reportingComponent: '', reportingInstance: '',
  });

  const ev2 = decode('events.k8s.io/v1', 'Event', timestamp(2, 1704164645, 5000), str(7, 'Started'), msg(3, int(1, 2), timestamp(2, 1704164646)));
  assert.equal(ev2.eventTime, '2024-01-02T03:04:05.000005Z');
  assert.deepEqual(ev2.series, { count: 2, lastObservedTime: '2024-01-02T03:04:06.000000Z' });
  assert.deepEqual(ev2.regarding, {});

  const del = decode('meta.k8s.io/v1', 'DeleteOptions', int(1, 0), str(4, 'Background'), msg(2, str(1, 'uid-1')), str(5, 'All'));
  assert.deepEqual(del, { kind: 'DeleteOptions', apiVersion: 'meta.k8s.io/v1', gracePeriodSeconds: 0, preconditions: { uid: 'uid-1' }, propagationPolicy: 'Background', dryRun: ['All'] });
  assert.equal(decode('v1', 'DeleteOptions').kind, 'DeleteOptions');
});

test('unknown field numbers are skipped, as gogo does; a repeated message field merges', () => {
  const obj = decode('v1', 'Namespace', msg(1, str(1, 'a'), int(999, 7), double(998, 1.5), str(997, 'x')), msg(1, str(3, 'b')), msg(3, str(1, 'Active')));
  assert.deepEqual(obj, { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'a', namespace: 'b', creationTimestamp: null }, spec: {}, status: { phase: 'Active' } });
});

test('negative int32 (10-byte varint) and int64 decode', () => {
  const obj = decode('v1', 'Pod', msg(2, int(4, -1), int(25, -5)));
  assert.equal((obj.spec as Record<string, unknown>).terminationGracePeriodSeconds, -1);
  assert.equal((obj.spec as Record<string, unknown>).priority, -5);
});

test('malformed bodies: clear 400s naming the problem and the field', () => {
  rejects400(Uint8Array.of(1, 2, 3), /does not appear to be a protobuf message/);
  rejects400(new TextEncoder().encode('{"kind":"Service"}'), /expected prefix \[107 56 115 0\]/);
  rejects400(envelope('v1', '', new Uint8Array()), /Kind/);
  // spec.ports[].port sent as a string: wrong wire type.
  rejects400(envelope('v1', 'Service', msg(2, msg(1, str(3, '80')))), /^Service in version "v1" cannot be handled as a Service: proto: spec\.ports\[0\]\.port: wrong wireType/);
  // a length that runs past the end.
  rejects400(concat(envelope('v1', 'Service', new Uint8Array()).subarray(0, 6), Uint8Array.of(0x0a, 0x7f)), /runs past the end|unexpected EOF/);
  // truncated varint inside the object.
  rejects400(envelope('v1', 'Service', Uint8Array.of(0x12, 0x02, 0x60, 0x80)), /unexpected EOF in varint/);
  // a bad Quantity, an impossible IntOrString type.
  rejects400(envelope('v1', 'Pod', msg(2, msg(2, msg(8, msg(1, str(1, 'cpu'), msg(2, str(1, 'lots'))))))), /quantities must match/);
  rejects400(envelope('v1', 'Service', msg(2, msg(1, msg(4, int(1, 7))))), /impossible type 7/);
  // gzip content encoding is not something kubectl sends.
  rejects400(concat(envelope('v1', 'Service', new Uint8Array()), str(3, 'gzip')), /contentEncoding/);
});

test('unknown kinds are 415 with a message that says what to do', () => {
  assert.throws(
    () => decodeKubernetesProtobuf(envelope('batch/v1', 'Job', new Uint8Array())),
    (e: unknown) => e instanceof ProtobufDecodeError && e.code === 415 && /send it as application\/json/.test(e.message),
  );
  assert.throws(
    () => decodeKubernetesProtobuf(envelope('apps/v2', 'Deployment', new Uint8Array())),
    (e: unknown) => e instanceof ProtobufDecodeError && e.code === 415,
  );
});
