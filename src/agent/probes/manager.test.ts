// ProbeManager: workers made from the container spec, start/stop notifications, and the
// ready/started/live state the kubelet reads, under mock timers.
import { strict as assert } from 'node:assert';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import type { Container } from 'kubernetes-types/core/v1.js';
import { ProbeManager } from './manager.ts';
import type { ProbeEvent, ProbeKind, ProbeOutcome, RunProbeOptions, V1Probe } from './types.ts';
import type { RestartRequest } from './worker.ts';

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}

async function advance(seconds: number): Promise<void> {
  for (let i = 0; i < seconds; i++) {
    mock.timers.tick(1000);
    await flush();
  }
}

const exec = async () => ({ exitCode: 0, output: '' });

/** A manager whose probes answer per kind from `answers`; records everything it reports. */
function setup() {
  const answers: Record<ProbeKind, ProbeOutcome> = {
    startup: { result: 'success', message: 'ok' },
    liveness: { result: 'success', message: 'ok' },
    readiness: { result: 'success', message: 'ok' },
  };
  const calls: { kind: ProbeKind; opts: RunProbeOptions }[] = [];
  const restarts: { name: string; message: string; detail: RestartRequest }[] = [];
  const events: { name: string; event: ProbeEvent }[] = [];
  let changes = 0;
  const kindOf = (p: V1Probe) => (p.exec?.command?.[0] ?? 'readiness') as ProbeKind;
  const manager = new ProbeManager({
    changed: () => changes++,
    livenessFailed: (name, message, detail) => restarts.push({ name, message, detail }),
    event: (name, event) => events.push({ name, event }),
    agentStartedAt: 0,
    runProbe: async (probe, _target, opts) => {
      const kind = kindOf(probe);
      calls.push({ kind, opts: opts ?? {} });
      return answers[kind];
    },
  });
  return { manager, answers, calls, restarts, events, changes: () => changes, count: (k: ProbeKind) => calls.filter((c) => c.kind === k).length };
}

// The fake runner tells kinds apart by the exec command's first word.
const probe = (kind: ProbeKind, extra: V1Probe = {}): V1Probe => ({ exec: { command: [kind] }, periodSeconds: 1, ...extra });

let current: ProbeManager | undefined;
beforeEach(() => mock.timers.enable({ apis: ['setInterval', 'setTimeout', 'Date'], now: 1_700_000_000_000 }));
afterEach(() => {
  current?.stopAll();
  current = undefined;
  mock.timers.reset();
});

describe('ProbeManager', () => {
  test('no probes: started and ready while running, neither once stopped', async () => {
    const s = setup();
    current = s.manager;
    assert.deepEqual(s.manager.state('app'), { ready: false, started: false, live: true });
    s.manager.start({ name: 'app' }, '127.244.217.9', exec);
    assert.deepEqual(s.manager.workers('app'), []);
    assert.deepEqual(s.manager.state('app'), { ready: true, started: true, live: true });
    assert.equal(s.changes(), 1);
    s.manager.stop('app');
    assert.deepEqual(s.manager.state('app'), { ready: false, started: false, live: true });
    assert.equal(s.changes(), 2);
  });

  test('readiness: not ready until the probe succeeds, probed at once on start; changed() on transitions', async () => {
    const s = setup();
    current = s.manager;
    s.answers.readiness = { result: 'failure', message: 'HTTP probe failed with statuscode: 503' };
    s.manager.start({ name: 'app', readinessProbe: probe('readiness') }, '127.244.217.9', exec);
    await flush();
    assert.equal(s.count('readiness'), 1);
    assert.deepEqual(s.manager.state('app'), { ready: false, started: true, live: true });
    const changes = s.changes();
    await advance(3);
    assert.equal(s.changes(), changes, 'no change, no callback');
    s.answers.readiness = { result: 'success', message: 'ok' };
    await advance(1);
    assert.equal(s.manager.ready('app'), true);
    assert.equal(s.changes(), changes + 1);
    assert.ok(s.events.some((e) => e.name === 'app' && e.event.message === 'Readiness probe failed: HTTP probe failed with statuscode: 503'));
  });

  test('startup gates liveness and readiness; readiness runs as soon as startup succeeds', async () => {
    const s = setup();
    current = s.manager;
    s.answers.startup = { result: 'failure', message: 'not yet' };
    const spec: Container = {
      name: 'app',
      startupProbe: probe('startup', { failureThreshold: 30 }),
      livenessProbe: probe('liveness'),
      readinessProbe: probe('readiness', { periodSeconds: 10 }),
    };
    s.manager.start(spec, '127.244.217.9', exec);
    await advance(5);
    assert.deepEqual(s.manager.state('app'), { ready: false, started: false, live: true });
    assert.equal(s.count('liveness'), 0);
    assert.equal(s.count('readiness'), 0);
    s.answers.startup = { result: 'success', message: 'ok' };
    await advance(1);
    assert.equal(s.manager.started('app'), true);
    // Readiness (period 10s) was triggered rather than left to its next period.
    assert.equal(s.count('readiness'), 1);
    assert.equal(s.manager.ready('app'), true);
    await advance(1);
    assert.ok(s.count('liveness') >= 1);
    const startupCalls = s.count('startup');
    await advance(3);
    assert.equal(s.count('startup'), startupCalls, 'startup is not probed once started');
  });

  test('liveness failure asks for a restart; the restarted instance is probed afresh', async () => {
    const s = setup();
    current = s.manager;
    const spec: Container = { name: 'app', livenessProbe: probe('liveness', { failureThreshold: 3, terminationGracePeriodSeconds: 5 }) };
    s.manager.start(spec, '127.244.217.9', exec);
    await flush();
    s.answers.liveness = { result: 'failure', message: 'HTTP probe failed with statuscode: 500' };
    await advance(2);
    assert.deepEqual(s.restarts, []);
    await advance(1);
    assert.deepEqual(s.restarts, [
      {
        name: 'app',
        message: 'HTTP probe failed with statuscode: 500',
        detail: { kind: 'liveness', killMessage: 'Container app failed liveness probe, will be restarted', terminationGracePeriodSeconds: 5 },
      },
    ]);
    assert.equal(s.manager.live('app'), false);
    assert.equal(s.events.filter((e) => e.event.message === 'Liveness probe failed: HTTP probe failed with statuscode: 500').length, 3);
    // The kubelet kills and restarts it.
    s.manager.stop('app');
    await flush();
    s.answers.liveness = { result: 'success', message: 'ok' };
    s.manager.start(spec, '127.244.217.9', exec);
    assert.equal(s.manager.live('app'), true, 'a new instance starts live');
    await advance(3);
    assert.equal(s.restarts.length, 1);
    assert.equal(s.manager.live('app'), true);
  });

  test('a restart resets readiness and startup to their initial values', async () => {
    const s = setup();
    current = s.manager;
    const spec: Container = { name: 'app', startupProbe: probe('startup'), readinessProbe: probe('readiness') };
    s.manager.start(spec, '127.244.217.9', exec, { id: 'one' });
    await advance(2);
    assert.deepEqual(s.manager.state('app'), { ready: true, started: true, live: true });
    s.manager.stop('app');
    s.manager.start(spec, '127.244.217.9', exec, { id: 'two' });
    assert.deepEqual(s.manager.state('app'), { ready: false, started: false, live: true });
    await advance(2);
    assert.deepEqual(s.manager.state('app'), { ready: true, started: true, live: true });
  });

  test('named ports resolve against the container spec; env is passed for exec', async () => {
    const s = setup();
    current = s.manager;
    const env = [{ name: 'A', value: '1' }];
    s.manager.start({ name: 'web', ports: [{ name: 'http', containerPort: 8080 }], env, readinessProbe: probe('readiness') }, '127.244.217.9', exec);
    await flush();
    const opts = s.calls[0]!.opts;
    assert.equal(opts.resolvePort?.('http'), 8080);
    assert.equal(opts.resolvePort?.('nope'), undefined);
    assert.deepEqual(opts.env, env);
  });

  test('stop with final ends the workers; stopAll ends everything', async () => {
    const s = setup();
    current = s.manager;
    s.manager.start({ name: 'a', readinessProbe: probe('readiness'), livenessProbe: probe('liveness') }, '127.244.217.9', exec);
    s.manager.start({ name: 'b', readinessProbe: probe('readiness') }, '127.244.217.9', exec);
    await flush();
    s.manager.stop('a', { final: true });
    assert.deepEqual(s.manager.workers('a'), []);
    assert.deepEqual(s.manager.workers('b'), ['readiness']);
    s.manager.stopAll();
    assert.deepEqual(s.manager.workers('b'), []);
    const n = s.calls.length;
    await advance(3);
    assert.equal(s.calls.length, n);
  });

  test('terminating: liveness stops and reports live; readiness keeps probing', async () => {
    const s = setup();
    current = s.manager;
    s.manager.start({ name: 'app', readinessProbe: probe('readiness'), livenessProbe: probe('liveness') }, '127.244.217.9', exec);
    await flush();
    s.manager.terminating();
    await flush();
    assert.deepEqual(s.manager.workers('app'), ['readiness']);
    s.answers.liveness = { result: 'failure', message: 'x' };
    const before = s.count('readiness');
    await advance(2);
    assert.ok(s.count('readiness') > before);
    assert.deepEqual(s.restarts, []);
    assert.equal(s.manager.live('app'), true);
  });
});
