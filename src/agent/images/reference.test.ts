import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatImageReference, parseImageReference } from './reference.ts';

const hex64 = 'a'.repeat(64);

test('references normalize as Docker does', () => {
  const cases: Array<[string, string]> = [
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['nginx:stable-alpine', 'docker.io/library/nginx:stable-alpine'],
    ['docker.io/nginx', 'docker.io/library/nginx:latest'],
    ['index.docker.io/library/nginx:1.25', 'docker.io/library/nginx:1.25'],
    ['myorg/app:1.2', 'docker.io/myorg/app:1.2'],
    ['localhost/app', 'localhost/app:latest'],
    ['localhost:5000/team/app:v1', 'localhost:5000/team/app:v1'],
    ['registry.k8s.io/e2e-test-images/agnhost:2.53', 'registry.k8s.io/e2e-test-images/agnhost:2.53'],
    ['[::1]:5000/app:v1', '[::1]:5000/app:v1'],
    ['127.0.0.1:5000/a/b/c:t_1.x-y', '127.0.0.1:5000/a/b/c:t_1.x-y'],
    ['Registry/app', 'Registry/app:latest'],
    ['a__b/c--d/e.f_g-h', 'docker.io/a__b/c--d/e.f_g-h:latest'],
    [`nginx@sha256:${hex64}`, `docker.io/library/nginx@sha256:${hex64}`],
    [`nginx:1.27@sha256:${hex64}`, `docker.io/library/nginx:1.27@sha256:${hex64}`],
  ];
  for (const [input, want] of cases) {
    const r = parseImageReference(input);
    assert.ok(!('error' in r), `${input}: ${JSON.stringify(r)}`);
    assert.equal(formatImageReference(r), want, input);
  }
});

test('parts of a reference', () => {
  assert.deepEqual(parseImageReference('localhost:5000/team/app:v1'), { domain: 'localhost:5000', path: 'team/app', tag: 'v1', digest: '' });
  assert.deepEqual(parseImageReference(`busybox@sha256:${hex64}`), { domain: 'docker.io', path: 'library/busybox', tag: '', digest: `sha256:${hex64}` });
});

test('invalid references give the kubelet InvalidImageName message', () => {
  const msg = (image: string, why: string) => `Failed to apply default image tag ${JSON.stringify(image)}: couldn't parse image name ${JSON.stringify(image)}: ${why}`;
  const cases: Array<[string, string]> = [
    ['', 'invalid reference format'],
    ['nginx:', 'invalid reference format'],
    [':sha-0b293ab', 'invalid reference format'],
    ['-nginx', 'invalid reference format'],
    ['https://registry.example.com/app', 'invalid reference format'],
    ['registry.hub.docker.com/library//nginx:latest', 'invalid reference format'],
    [`nginx:${'x'.repeat(129)}`, 'invalid reference format'],
    ['nginx@sha256:abc', 'invalid reference format'],
    [`nginx@sha256:${'a'.repeat(32)}`, 'invalid checksum digest length'],
    [`nginx@md5:${'a'.repeat(32)}`, 'unsupported digest algorithm'],
    [`nginx@sha256:${'A'.repeat(64)}`, 'invalid checksum digest format'],
    ['busyBOX', 'invalid reference format: repository name (library/busyBOX) must be lowercase'],
    ['THIS IS NOT A VALID IMAGE REFERENCE!!', 'invalid reference format: repository name (library/THIS IS NOT A VALID IMAGE REFERENCE!!) must be lowercase'],
    ['hfhugs/unsloth-gemma-3-4b-it-GGUF:Q4_K_XL', 'invalid reference format: repository name (hfhugs/unsloth-gemma-3-4b-it-GGUF) must be lowercase'],
    [hex64, `invalid repository name (${hex64}), cannot specify 64-byte hexadecimal strings`],
    [`a/${'b'.repeat(260)}`, 'repository name must not be more than 255 characters'],
  ];
  for (const [input, why] of cases) {
    assert.deepEqual(parseImageReference(input), { error: msg(input, why) }, input);
  }
});
