// ProbeWorker timing and state semantics under mock timers: no real waiting, no timing asserts.
import { strict as assert } from 'node:assert';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import type { ProbeResult } from '../contracts.ts';
import type { ProbeEvent, ProbeKind, ProbeOutcome, V1Probe } from './types.ts';
import { ProbeWorker, probeTiming, type ProbeResultDetail, type WorkerContainerStatus } from './worker.ts';

const T0 = 1_700_000_000_000;

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}

/** Advances mocked time one second at a time, letting each probe finish in between. */
async function advance(seconds: number): Promise<void> {
  for (let i = 0; i < seconds; i++) {
    mock.timers.tick(1000);
    await flush();
  }
}

interface Harness {
  worker: ProbeWorker;
  status: WorkerContainerStatus;
  results: { kind: ProbeKind; result: ProbeResult; message: string; detail: ProbeResultDetail }[];
  events: ProbeEvent[];
  /** Number of probe attempts made. */
  calls: () => number;
  /** What the next attempts return. */
  answer: (o: ProbeOutcome | 'success' | 'failure') => void;
}

const workers: ProbeWorker[] = [];

function harness(kind: ProbeKind, probe: V1Probe, extra: { started?: boolean; agentStartedAt?: number; random?: () => number } = {}): Harness {
  let outcome: ProbeOutcome = { result: 'success', message: 'ok' };
  let calls = 0;
  const status: WorkerContainerStatus = { id: 'c1', running: true, startedAt: Date.now(), started: extra.started ?? kind !== 'startup' };
  const h: Harness = {
    status,
    results: [],
    events: [],
    calls: () => calls,
    answer: (o) => {
      outcome = typeof o === 'string' ? { result: o, message: o === 'success' ? 'ok' : 'HTTP probe failed with statuscode: 500' } : o;
    },
    worker: undefined as unknown as ProbeWorker,
  };
  h.worker = new ProbeWorker({
    kind,
    containerName: 'app',
    probe,
    target: { podIP: '127.244.217.9', exec: async () => ({ exitCode: 0, output: '' }) },
    status: () => status,
    onResult: (k, result, message, detail) => h.results.push({ kind: k, result, message, detail }),
    onEvent: (e) => h.events.push(e),
    agentStartedAt: extra.agentStartedAt,
    random: extra.random,
    runProbe: async () => {
      calls++;
      return outcome;
    },
  });
  workers.push(h.worker);
  return h;
}

const summary = (h: Harness) => h.results.map((r) => r.result);

beforeEach(() => mock.timers.enable({ apis: ['setInterval', 'setTimeout', 'Date'], now: T0 }));
afterEach(() => {
  for (const w of workers.splice(0)) w.stop();
  mock.timers.reset();
});

describe('ProbeWorker', () => {
  test('defaults: period 10s, thresholds 1/3; success threshold forced to 1 for liveness and startup', () => {
    assert.deepEqual(probeTiming('readiness', {}), { initialDelaySeconds: 0, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    assert.equal(probeTiming('liveness', { successThreshold: 3 }).successThreshold, 1);
    assert.equal(probeTiming('startup', { successThreshold: 3 }).successThreshold, 1);
    assert.equal(probeTiming('readiness', { successThreshold: 3 }).successThreshold, 3);
  });

  test('probes once at start, then once per period', async () => {
    const h = harness('readiness', { periodSeconds: 3 });
    h.worker.start();
    await flush();
    assert.equal(h.calls(), 1);
    await advance(2);
    assert.equal(h.calls(), 1);
    await advance(1);
    assert.equal(h.calls(), 2);
    await advance(9);
    assert.equal(h.calls(), 5);
  });

  test('readiness starts as failure; callbacks only on changes', async () => {
    const h = harness('readiness', { periodSeconds: 1 });
    h.answer('failure');
    h.worker.start();
    await flush();
    assert.deepEqual(summary(h), ['failure']); // the initial value for a new container
    await advance(5);
    assert.deepEqual(summary(h), ['failure']);
    h.answer('success');
    await advance(1);
    assert.deepEqual(summary(h), ['failure', 'success']);
    assert.equal(h.results[1]!.message, 'ok');
    await advance(5);
    assert.deepEqual(summary(h), ['failure', 'success']);
    assert.equal(h.worker.result, 'success');
  });

  test('failureThreshold consecutive failures are needed; a success in between starts over', async () => {
    const h = harness('readiness', { periodSeconds: 1, failureThreshold: 3 });
    h.worker.start();
    await flush();
    assert.deepEqual(summary(h), ['failure', 'success']);
    h.answer('failure');
    await advance(2);
    h.answer('success');
    await advance(1);
    h.answer('failure');
    await advance(2);
    assert.deepEqual(summary(h), ['failure', 'success']);
    await advance(1);
    assert.deepEqual(summary(h), ['failure', 'success', 'failure']);
    // Every failed attempt is an event, threshold or not.
    assert.equal(h.events.filter((e) => e.reason === 'Unhealthy').length, 5);
    assert.equal(h.events[0]!.message, 'Readiness probe failed: HTTP probe failed with statuscode: 500');
  });

  test('successThreshold for readiness', async () => {
    const h = harness('readiness', { periodSeconds: 1, successThreshold: 3 });
    h.worker.start();
    await flush();
    await advance(1);
    assert.deepEqual(summary(h), ['failure']);
    await advance(1);
    assert.deepEqual(summary(h), ['failure', 'success']);
  });

  test('liveness: starts as success, reports a restart after the threshold, then holds until a new container', async () => {
    const h = harness('liveness', { periodSeconds: 1, failureThreshold: 2, terminationGracePeriodSeconds: 7 });
    h.worker.start();
    await flush();
    assert.deepEqual(summary(h), ['success']);
    h.answer('failure');
    await advance(1);
    assert.deepEqual(summary(h), ['success']);
    await advance(1);
    assert.deepEqual(summary(h), ['success', 'failure']);
    assert.deepEqual(h.results[1]!.detail, {
      containerId: 'c1',
      restart: { kind: 'liveness', killMessage: 'Container app failed liveness probe, will be restarted', terminationGracePeriodSeconds: 7 },
    });
    assert.equal(h.results[1]!.message, 'HTTP probe failed with statuscode: 500');
    const attempts = h.calls();
    await advance(5);
    assert.equal(h.calls(), attempts, 'on hold: no probing of the doomed container');
    // The container restarts: a new instance starts over from success and is probed again.
    h.answer('success');
    h.status.id = 'c2';
    h.status.startedAt = Date.now();
    await advance(1);
    assert.deepEqual(summary(h), ['success', 'failure', 'success']);
    assert.equal(h.results[2]!.detail.containerId, 'c2');
    assert.equal(h.calls(), attempts + 1);
  });

  test('initialDelaySeconds: no probe before the container has run that long', async () => {
    const h = harness('liveness', { periodSeconds: 1, initialDelaySeconds: 5 });
    h.worker.start();
    await advance(4);
    assert.equal(h.calls(), 0);
    await advance(1);
    assert.equal(h.calls(), 1);
  });

  test('startup gating: liveness and readiness wait for started; startup stops once started', async () => {
    const live = harness('liveness', { periodSeconds: 1 }, { started: false });
    const ready = harness('readiness', { periodSeconds: 1 }, { started: false });
    const startup = harness('startup', { periodSeconds: 1, failureThreshold: 30 }, { started: false });
    startup.answer('failure');
    for (const h of [live, ready, startup]) h.worker.start();
    await advance(3);
    assert.equal(live.calls(), 0);
    assert.equal(ready.calls(), 0);
    assert.equal(startup.calls(), 4);
    assert.equal(startup.worker.result, undefined, 'startup is unknown until it concludes');
    assert.deepEqual(summary(ready), ['failure']);
    startup.answer('success');
    await advance(1);
    assert.deepEqual(summary(startup), ['success']);
    for (const h of [live, ready, startup]) h.status.started = true;
    await advance(2);
    assert.equal(startup.calls(), 5);
    assert.equal(live.calls(), 2);
    assert.equal(ready.calls(), 2);
  });

  test('startup failure past its threshold asks for a restart', async () => {
    const h = harness('startup', { periodSeconds: 1, failureThreshold: 2 });
    h.answer('failure');
    h.worker.start();
    await advance(1);
    assert.deepEqual(summary(h), ['failure']);
    assert.equal(h.results[0]!.detail.restart?.killMessage, 'Container app failed startup probe, will be restarted');
    assert.equal(h.results[0]!.detail.restart?.terminationGracePeriodSeconds, undefined);
  });

  test('errored attempts are thrown away', async () => {
    const h = harness('readiness', { periodSeconds: 1 });
    h.answer({ result: 'failure', message: 'strconv.Atoi: parsing "http": invalid syntax', error: true });
    h.worker.start();
    await advance(10);
    assert.deepEqual(summary(h), ['failure']);
    assert.equal(h.calls(), 33, 'each attempt is tried 3 times');
    assert.equal(h.events[0]!.message, 'Readiness probe errored and resulted in unknown state: strconv.Atoi: parsing "http": invalid syntax');
  });

  test('a stopped container reads as failure; a final one ends the worker', async () => {
    const h = harness('readiness', { periodSeconds: 1 });
    h.worker.start();
    await flush();
    assert.deepEqual(summary(h), ['failure', 'success']);
    h.status.running = false;
    await advance(1);
    assert.deepEqual(summary(h), ['failure', 'success', 'failure']);
    assert.equal(h.results[2]!.message, 'container is not running');
    h.status.final = true;
    await advance(1);
    assert.equal(h.worker.stopped, true);
  });

  test('terminating: liveness reports success and stops', async () => {
    const h = harness('liveness', { periodSeconds: 1, failureThreshold: 1 });
    h.worker.start();
    await flush();
    h.worker.terminating();
    await flush();
    assert.equal(h.worker.stopped, true);
    assert.equal(h.worker.result, 'success');
  });

  test('initial jitter: a worker made soon after the agent started waits a random part of the period', async () => {
    const h = harness('readiness', { periodSeconds: 10 }, { agentStartedAt: Date.now() - 2000, random: () => 0.5 });
    h.worker.start();
    await advance(4);
    assert.equal(h.calls(), 0);
    await advance(1);
    assert.equal(h.calls(), 1);
    await advance(10);
    assert.equal(h.calls(), 2);
    const late = harness('readiness', { periodSeconds: 10 }, { agentStartedAt: Date.now() - 60_000, random: () => 0.5 });
    late.worker.start();
    await flush();
    assert.equal(late.calls(), 1, 'no jitter long after the agent started');
  });

  test('trigger probes now, and a probe outlasting the period leaves one pending run', async () => {
    const h = harness('readiness', { periodSeconds: 5 });
    h.worker.start();
    await flush();
    h.worker.trigger();
    await flush();
    assert.equal(h.calls(), 2);
    h.worker.trigger();
    h.worker.trigger();
    h.worker.trigger();
    await flush();
    assert.equal(h.calls(), 4, 'the first runs, the rest coalesce into one');
  });

  test('stop ends probing', async () => {
    const h = harness('readiness', { periodSeconds: 1 });
    h.worker.start();
    await flush();
    h.worker.stop();
    h.worker.stop();
    await advance(5);
    assert.equal(h.calls(), 1);
  });
});
