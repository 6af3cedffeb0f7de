// The environment kubelet gives a container: Service variables, $(VAR) expansion, fieldRefs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { containerEnv, expand, serviceEnv } from './env.ts';

const svc = (name: string, namespace: string, ports: Array<{ name?: string; port: number; protocol?: string }>, clusterIP = '127.96.0.20') => ({
  metadata: { name, namespace },
  spec: { clusterIP, ports },
});

describe('Service environment variables', () => {
  it('are the docker-link set kubelet writes', () => {
    assert.deepEqual(Object.fromEntries(serviceEnv(svc('redis-primary', 'default', [{ name: 'redis', port: 6379 }]))), {
      REDIS_PRIMARY_SERVICE_HOST: '127.96.0.20',
      REDIS_PRIMARY_SERVICE_PORT: '6379',
      REDIS_PRIMARY_SERVICE_PORT_REDIS: '6379',
      REDIS_PRIMARY_PORT: 'tcp://127.96.0.20:6379',
      REDIS_PRIMARY_PORT_6379_TCP: 'tcp://127.96.0.20:6379',
      REDIS_PRIMARY_PORT_6379_TCP_PROTO: 'tcp',
      REDIS_PRIMARY_PORT_6379_TCP_PORT: '6379',
      REDIS_PRIMARY_PORT_6379_TCP_ADDR: '127.96.0.20',
    });
  });

  it('are not written for headless Services', () => {
    assert.deepEqual(serviceEnv(svc('db', 'default', [{ port: 5432 }], 'None')), []);
  });

  it('come from the pod namespace, plus the kubernetes Service, and only that without service links', () => {
    const services = [svc('web', 'shop', [{ port: 80 }]), svc('other', 'elsewhere', [{ port: 81 }]), svc('kubernetes', 'default', [{ name: 'https', port: 443 }], '127.96.0.1')];
    const pod = { metadata: { name: 'p', namespace: 'shop', uid: 'u' }, spec: {}, status: { podIP: '127.244.0.5' } };
    const env = containerEnv({ pod, container: { name: 'c' }, services, hostname: 'p' });
    assert.equal(env.WEB_SERVICE_HOST, '127.96.0.20');
    assert.equal(env.KUBERNETES_SERVICE_HOST, '127.96.0.1');
    assert.equal(env.OTHER_SERVICE_HOST, undefined);
    const noLinks = containerEnv({ pod: { ...pod, spec: { enableServiceLinks: false } }, container: { name: 'c' }, services, hostname: 'p' });
    assert.equal(noLinks.WEB_SERVICE_HOST, undefined);
    assert.equal(noLinks.KUBERNETES_SERVICE_PORT, '443');
  });
});

describe('container env', () => {
  it('resolves fieldRefs, expands $(VAR) references in order and tells the process its address', () => {
    const pod = { metadata: { name: 'web-1', namespace: 'default', uid: 'abc', labels: { app: 'web' } }, spec: { nodeName: 'node-1' }, status: { podIP: '127.244.0.7', hostIP: '127.0.0.1' } };
    const container = {
      name: 'c',
      env: [
        { name: 'MY_POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'MY_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: 'URL', value: 'http://$(MY_IP):80/$(MISSING)/$$(MY_POD)' },
      ],
    };
    const env = containerEnv({ pod, container, services: [], hostname: 'web-1' });
    assert.equal(env.MY_POD, 'web-1');
    assert.equal(env.MY_IP, '127.244.0.7');
    assert.equal(env.APP, 'web');
    assert.equal(env.URL, 'http://127.244.0.7:80/$(MISSING)/$(MY_POD)');
    assert.equal(env.POD_IP, '127.244.0.7');
    assert.equal(env.HOSTNAME, 'web-1');
  });

  it('fails for a ConfigMap reference that is not optional, naming it', () => {
    const pod = { metadata: { name: 'p', namespace: 'default', uid: 'u' }, spec: {}, status: {} };
    assert.throws(() => containerEnv({ pod, container: { name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } }] }, services: [], hostname: 'p' }), /configmap "cfg" not found/);
    assert.doesNotThrow(() => containerEnv({ pod, container: { name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k', optional: true } } }] }, services: [], hostname: 'p' }));
  });

  it('expands like kubelet: $$ escapes, unknown stays', () => {
    assert.equal(expand('$(A)-$$(A)-$(B)', new Map([['A', '1']])), '1-$(A)-$(B)');
  });
});
