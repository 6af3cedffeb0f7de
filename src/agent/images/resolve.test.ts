import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveImage } from './resolve.ts';
import { programPath } from './builtins.ts';

const node = process.execPath;
const nginx = programPath('nginx');
const agnhost = programPath('agnhost');
const pause = programPath('pause');
const A = 'registry.k8s.io/e2e-test-images/agnhost:2.53';

test('built-in program scripts exist at absolute paths', async () => {
  const { existsSync } = await import('node:fs');
  for (const p of [nginx, agnhost, pause]) {
    assert.ok(p.startsWith('/'), p);
    assert.ok(existsSync(p), p);
  }
});

test('resolution table: images × command/args', () => {
  const cases: Array<[string, { image: string; command?: string[]; args?: string[] }, unknown]> = [
    // nginx: any tag or registry; args naming nginx go to the built-in, anything else runs as written.
    ['nginx default', { image: 'nginx' }, { argv: [node, nginx], env: { NGINX_VERSION: '1.27.0' } }],
    ['nginx version from tag', { image: 'docker.io/library/nginx:1.25.3' }, { argv: [node, nginx], env: { NGINX_VERSION: '1.25.3' } }],
    ['nginx minor tag', { image: 'nginx:1.27' }, { argv: [node, nginx], env: { NGINX_VERSION: '1.27.0' } }],
    ['nginx variant tag', { image: 'nginx:1.26-alpine' }, { argv: [node, nginx], env: { NGINX_VERSION: '1.26.0' } }],
    ['nginx stable', { image: 'nginx:stable' }, { argv: [node, nginx], env: { NGINX_VERSION: '1.27.0' } }],
    ['nginx alpine', { image: 'nginx:alpine' }, { argv: [node, nginx], env: { NGINX_VERSION: '1.27.0' } }],
    ['nginx mirror', { image: 'mirror.gcr.io/library/nginx:1.27.1' }, { argv: [node, nginx], env: { NGINX_VERSION: '1.27.1' } }],
    ['nginx args = image CMD', { image: 'nginx', args: ['nginx', '-g', 'daemon off;'] }, { argv: [node, nginx, '-g', 'daemon off;'], env: { NGINX_VERSION: '1.27.0' } }],
    ['nginx args other program', { image: 'nginx', args: ['sh', '-c', 'echo hi'] }, { argv: ['sh', '-c', 'echo hi'], env: { NGINX_VERSION: '1.27.0' } }],
    ['nginx command runs on host', { image: 'nginx', command: ['nginx', '-g', 'daemon off;'] }, { argv: ['nginx', '-g', 'daemon off;'], env: { NGINX_VERSION: '1.27.0' } }],
    ['nginx empty lists are unset', { image: 'nginx', command: [], args: [] }, { argv: [node, nginx], env: { NGINX_VERSION: '1.27.0' } }],
    // agnhost: args are the subcommand; a command naming /agnhost keeps the built-in.
    ['agnhost default CMD pause', { image: A }, { argv: [node, agnhost, 'pause'] }],
    ['agnhost args', { image: A, args: ['netexec', '--http-port=8080', '--udp-port=8081'] }, { argv: [node, agnhost, 'netexec', '--http-port=8080', '--udp-port=8081'] }],
    ['agnhost old registry', { image: 'k8s.gcr.io/e2e-test-images/agnhost:2.20', args: ['serve-hostname'] }, { argv: [node, agnhost, 'serve-hostname'] }],
    ['agnhost command /agnhost', { image: A, command: ['/agnhost', 'netexec', '--http-port', '8080'] }, { argv: [node, agnhost, 'netexec', '--http-port', '8080'] }],
    ['agnhost command /agnhost + args', { image: A, command: ['/agnhost'], args: ['serve-hostname', '--port=9000'] }, { argv: [node, agnhost, 'serve-hostname', '--port=9000'] }],
    ['agnhost shell command', { image: A, command: ['/bin/sh', '-c', 'sleep 10'] }, { argv: ['/bin/sh', '-c', 'sleep 10'] }],
    // pause
    ['pause', { image: 'registry.k8s.io/pause:3.10' }, { argv: [node, pause] }],
    // shells: command/args run as written; no command runs the image CMD.
    ['busybox sh -c', { image: 'busybox', command: ['sh', '-c', 'echo hi; sleep 3600'] }, { argv: ['sh', '-c', 'echo hi; sleep 3600'] }],
    ['busybox command + args', { image: 'busybox:1.36', command: ['sh', '-c'], args: ['echo hi'] }, { argv: ['sh', '-c', 'echo hi'] }],
    ['busybox args only', { image: 'busybox', args: ['sleep', '3600'] }, { argv: ['sleep', '3600'] }],
    ['busybox default', { image: 'busybox' }, { argv: ['sh'] }],
    ['e2e busybox', { image: 'registry.k8s.io/e2e-test-images/busybox:1.36.1-1' }, { argv: ['sh'] }],
    ['alpine default', { image: 'alpine:3.20' }, { argv: ['/bin/sh'] }],
    ['debian default', { image: 'debian:bookworm' }, { argv: ['bash'] }],
    ['ubuntu default', { image: 'ubuntu:24.04' }, { argv: ['/bin/bash'] }],
    ['bash default', { image: 'bash:5' }, { argv: ['bash'] }],
    ['bash options go to bash', { image: 'bash', args: ['-c', 'echo hi'] }, { argv: ['bash', '-c', 'echo hi'] }],
    ['bash program args exec', { image: 'bash', args: ['sleep', '1'] }, { argv: ['sleep', '1'] }],
    // any other image: command required.
    ['other image with command', { image: 'myorg/app:1.2', command: ['/usr/bin/python3', '-m', 'http.server'], args: ['8000'] }, { argv: ['/usr/bin/python3', '-m', 'http.server', '8000'] }],
    [
      'other image without command',
      { image: 'myorg/app:1.2' },
      {
        reason: 'ErrImagePull',
        message:
          'image "myorg/app:1.2" has no built-in program in Portico and the container sets no command: set command (and args) to the program to run, or use one of the built-in images: nginx, registry.k8s.io/e2e-test-images/agnhost, busybox',
      },
    ],
    [
      'other image with args only',
      { image: 'redis:7', args: ['--port', '6380'] },
      {
        reason: 'ErrImagePull',
        message:
          'image "redis:7" has no built-in program in Portico and the container sets no command: set command (and args) to the program to run, or use one of the built-in images: nginx, registry.k8s.io/e2e-test-images/agnhost, busybox',
      },
    ],
    [
      'invalid name',
      { image: 'Nginx:latest', command: ['x'] },
      { reason: 'InvalidImageName', message: 'Failed to apply default image tag "Nginx:latest": couldn\'t parse image name "Nginx:latest": invalid reference format: repository name (library/Nginx) must be lowercase' },
    ],
    ['invalid format', { image: 'nginx::1' }, { reason: 'InvalidImageName', message: 'Failed to apply default image tag "nginx::1": couldn\'t parse image name "nginx::1": invalid reference format' }],
  ];
  for (const [name, c, want] of cases) assert.deepEqual(resolveImage({ name: 'c', ...c }), want, name);
});

test('plans do not share mutable state with the container', () => {
  const command = ['sh', '-c', 'true'];
  const plan = resolveImage({ name: 'c', image: 'busybox', command });
  assert.ok('argv' in plan);
  plan.argv.push('x');
  assert.deepEqual(command, ['sh', '-c', 'true']);
});
