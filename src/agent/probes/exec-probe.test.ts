// exec probes through a fake ProbeTarget, and the pieces of runProbe that need no network.
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { ProbeTarget } from '../contracts.ts';
import { probeErroredMessage, probeFailedMessage, probeKillMessage, probeWarningMessage } from './events.ts';
import { expandStatic } from './exec-probe.ts';
import { goDuration, joinHostPort } from './go-format.ts';
import { probeHeaders, probeURL } from './http-probe.ts';
import { probeWithRetries } from './prober.ts';
import { resolveContainerPort, runProbe } from './run-probe.ts';
import type { ProbeOutcome } from './types.ts';

function fakeTarget(reply: (argv: string[], timeout: number) => Promise<{ exitCode: number; output: string }>): ProbeTarget & { calls: { argv: string[]; timeout: number }[] } {
  const calls: { argv: string[]; timeout: number }[] = [];
  return {
    podIP: '127.244.217.9',
    calls,
    exec: (argv, timeout) => {
      calls.push({ argv, timeout });
      return reply(argv, timeout);
    },
  };
}

describe('exec', () => {
  test('exit 0: success with the output', async () => {
    const t = fakeTarget(async () => ({ exitCode: 0, output: 'fine\n' }));
    assert.deepEqual(await runProbe({ exec: { command: ['cat', '/tmp/healthy'] } }, t), { result: 'success', message: 'fine\n' });
    assert.deepEqual(t.calls, [{ argv: ['cat', '/tmp/healthy'], timeout: 1 }]);
  });

  test('non-zero exit: failure with the output as message', async () => {
    const t = fakeTarget(async () => ({ exitCode: 1, output: 'cat: /tmp/healthy: No such file or directory\n' }));
    assert.deepEqual(await runProbe({ exec: { command: ['cat', '/tmp/healthy'] }, timeoutSeconds: 5 }, t), {
      result: 'failure',
      message: 'cat: /tmp/healthy: No such file or directory\n',
    });
    assert.equal(t.calls[0]!.timeout, 5);
  });

  test('a command still running at the timeout: failure, worded as the CRI', async () => {
    const t = fakeTarget(() => new Promise(() => {}));
    assert.deepEqual(await runProbe({ exec: { command: ['sh', '-c', 'sleep 10'] }, timeoutSeconds: 1 }, t), {
      result: 'failure',
      message: 'command "sh -c sleep 10" timed out',
    });
  });

  test('an exec that cannot run is an error, not a failure', async () => {
    const t = fakeTarget(async () => {
      throw new Error('container is not running');
    });
    assert.deepEqual(await runProbe({ exec: { command: ['true'] } }, t), { result: 'failure', message: 'container is not running', error: true });
  });

  test('output is capped at 10 KiB', async () => {
    const t = fakeTarget(async () => ({ exitCode: 1, output: 'y'.repeat(20000) }));
    const r = await runProbe({ exec: { command: ['x'] } }, t);
    assert.equal(r.message.length, 10 * 1024);
  });

  test('$(VAR) expands from static env values only; $$ escapes', async () => {
    const env = [{ name: 'FILE', value: '/tmp/ok' }, { name: 'FROM_SECRET' }];
    assert.deepEqual(expandStatic(['cat', '$(FILE)', '$(FROM_SECRET)', '$(NOPE)', '$$(FILE)'], env), ['cat', '/tmp/ok', '$(FROM_SECRET)', '$(NOPE)', '$(FILE)']);
    const t = fakeTarget(async () => ({ exitCode: 0, output: '' }));
    await runProbe({ exec: { command: ['test', '-f', '$(FILE)'] } }, t, { env });
    assert.deepEqual(t.calls[0]!.argv, ['test', '-f', '/tmp/ok']);
  });

  test('a probe without a handler is an error', async () => {
    const r = await runProbe({}, fakeTarget(async () => ({ exitCode: 0, output: '' })));
    assert.equal(r.error, true);
  });
});

describe('prober: retries and events', () => {
  test('errors are retried 3 times, then reported as errored', async () => {
    let calls = 0;
    const run = async (): Promise<ProbeOutcome> => {
      calls++;
      return { result: 'failure', message: 'strconv.Atoi: parsing "http": invalid syntax', error: true };
    };
    const a = await probeWithRetries('readiness', { httpGet: { port: 'http' } }, fakeTarget(async () => ({ exitCode: 0, output: '' })), {}, run);
    assert.equal(calls, 3);
    assert.equal(a.errored, true);
    assert.deepEqual(a.events, [{ type: 'Warning', reason: 'Unhealthy', message: 'Readiness probe errored and resulted in unknown state: strconv.Atoi: parsing "http": invalid syntax' }]);
  });

  test('an error then a result: the result counts', async () => {
    const outcomes: ProbeOutcome[] = [{ result: 'failure', message: 'x', error: true }, { result: 'success', message: 'ok' }];
    const a = await probeWithRetries('liveness', {}, fakeTarget(async () => ({ exitCode: 0, output: '' })), {}, async () => outcomes.shift()!);
    assert.deepEqual(a, { result: 'success', message: 'ok', errored: false, events: [] });
  });

  test('failure and warning events', async () => {
    const t = fakeTarget(async () => ({ exitCode: 0, output: '' }));
    const f = await probeWithRetries('liveness', {}, t, {}, async () => ({ result: 'failure', message: 'HTTP probe failed with statuscode: 500' }));
    assert.deepEqual(f.events, [{ type: 'Warning', reason: 'Unhealthy', message: 'Liveness probe failed: HTTP probe failed with statuscode: 500' }]);
    const w = await probeWithRetries('startup', {}, t, {}, async () => ({ result: 'success', warning: true, message: 'Probe terminated redirects, Response body: ' }));
    assert.equal(w.result, 'success');
    assert.deepEqual(w.events, [{ type: 'Warning', reason: 'ProbeWarning', message: 'Startup probe warning: Probe terminated redirects, Response body: ' }]);
  });

  test('event wordings', () => {
    assert.equal(probeFailedMessage('readiness', 'x'), 'Readiness probe failed: x');
    assert.equal(probeErroredMessage('startup', 'e'), 'Startup probe errored and resulted in unknown state: e');
    assert.equal(probeWarningMessage('liveness', 'w'), 'Liveness probe warning: w');
    assert.equal(probeKillMessage('app', 'liveness'), 'Container app failed liveness probe, will be restarted');
  });
});

describe('helpers', () => {
  test('probe URLs and Go formatting', () => {
    assert.equal(probeURL('http', '127.244.0.5', 8080, '/healthz'), 'http://127.244.0.5:8080/healthz');
    assert.equal(probeURL('http', '127.244.0.5', 8080, 'healthz?x=1'), 'http://127.244.0.5:8080/healthz?x=1');
    assert.equal(probeURL('http', '127.244.0.5', 8080, ''), 'http://127.244.0.5:8080');
    assert.equal(joinHostPort('::1', 80), '[::1]:80');
    assert.equal(goDuration(1), '1s');
    assert.equal(goDuration(90), '1m30s');
    assert.equal(goDuration(3600), '1h0m0s');
  });

  test('request headers: defaults, canonical names, empty Accept removes it', () => {
    assert.deepEqual(probeHeaders([]), { headers: { 'User-Agent': ['kube-probe/1.32'], Accept: ['*/*'] }, host: undefined });
    assert.deepEqual(probeHeaders([{ name: 'accept', value: '' }, { name: 'x-a-b', value: '1' }]), { headers: { 'X-A-B': ['1'], 'User-Agent': ['kube-probe/1.32'] }, host: undefined });
  });

  test('port resolution as ResolveContainerPort', () => {
    assert.equal(resolveContainerPort(8080, undefined), 8080);
    assert.equal(resolveContainerPort('http', (p) => (p === 'http' ? 80 : undefined)), 80);
    assert.equal(resolveContainerPort('8081', () => undefined), 8081);
    assert.throws(() => resolveContainerPort('web', () => undefined), { message: 'strconv.Atoi: parsing "web": invalid syntax' });
    assert.throws(() => resolveContainerPort(0, undefined), { message: 'invalid port number: 0' });
  });
});
