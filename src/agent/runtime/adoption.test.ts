import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ProcessSpec } from '../contracts.ts';
import { createProcessRuntime, type LocalProcessRuntime } from './index.ts';
import { assertNoLeftovers, isAlive, logText, newMarker, tempStateDir, testEnv, waitFor, waitForLog } from './testdata/support.ts';

const marker = newMarker();
const env = testEnv(marker);
let stateDir: string;
const runtimes: LocalProcessRuntime[] = [];
const fixture = fileURLToPath(new URL('./testdata/agent-fixture.ts', import.meta.url));

before(() => {
  stateDir = tempStateDir();
});

after(async () => {
  await Promise.all(runtimes.map((rt) => rt.stopAll(0)));
  await assertNoLeftovers(marker);
  fs.rmSync(stateDir, { recursive: true, force: true });
});

/** Runs an agent in a child process, starts the specs, then kills the agent with SIGKILL. */
async function startThenCrash(
  dir: string,
  specs: ProcessSpec[],
  logged: Record<string, string> = {},
): Promise<{ id: string; pid: number; instance: number }[]> {
  const agent = spawn(process.execPath, [fixture, dir, JSON.stringify(specs), JSON.stringify(logged)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  agent.stdout.on('data', (c: Buffer) => (out += c.toString()));
  await waitFor('the fixture agent to start its containers', () => out.includes('\n'));
  const started = JSON.parse(out) as { id: string; pid: number; instance: number }[];
  const gone = new Promise((resolve) => agent.once('exit', resolve));
  agent.kill('SIGKILL');
  await gone;
  return started;
}

function newRuntime(dir: string): LocalProcessRuntime {
  const rt = createProcessRuntime({ stateDir: dir, isolation: 'auto' });
  runtimes.push(rt);
  return rt;
}

describe('adoption across an agent restart', () => {
  it('adopts running containers, keeps logging them, and can exec into and stop them', async () => {
    const dir = path.join(stateDir, 'a');
    const trigger = path.join(stateDir, 'a-trigger');
    const isolation = process.getuid?.() === 0 ? { hostname: 'adopted' } : undefined;
    const [started] = await startThenCrash(dir, [
      {
        id: 'pod-a/web',
        argv: ['sh', '-c', `echo before; while [ ! -e ${trigger} ]; do sleep 0.02; done; echo while-no-agent; exec sleep 1000`],
        env,
        isolation,
      },
    ], { 'pod-a/web': 'before' });
    assert.ok(isAlive(started!.pid), 'the container outlives the agent');
    // Output written while no agent runs waits in the FIFO.
    fs.writeFileSync(trigger, '');

    const rt = newRuntime(dir);
    const adopted = await rt.adopt();
    assert.deepEqual([...adopted.keys()], ['pod-a/web']);
    const p = adopted.get('pod-a/web')!;
    assert.equal(p.pid, started!.pid);
    assert.equal(p.instance, 0);
    await waitForLog(rt, 'pod-a/web', 'while-no-agent');
    assert.equal(await logText(rt, 'pod-a/web'), 'before\nwhile-no-agent\n');

    const session = rt.exec(p, ['sh', '-c', 'echo exec-ok; hostname'], {}, {});
    const out = await text(session.stdout);
    assert.match(out, /^exec-ok\n/);
    if (isolation) assert.equal(out, 'exec-ok\nadopted\n');

    // Adopting twice gives the same process, not a second supervisor.
    assert.equal((await rt.adopt()).get('pod-a/web'), p);

    const exit = await rt.stop(p, 10);
    assert.equal(exit.exitCode, 143);
    assert.equal(exit.signal, 'SIGTERM');
    assert.equal(isAlive(p.pid), false);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'processes')), []);
  });

  it('reports the real exit code of an adopted container that exits on its own', async () => {
    const dir = path.join(stateDir, 'b');
    const trigger = path.join(stateDir, 'b-trigger');
    await startThenCrash(dir, [{ id: 'pod-b/job', argv: ['sh', '-c', `while [ ! -e ${trigger} ]; do sleep 0.02; done; exit 7`], env }]);
    const rt = newRuntime(dir);
    const p = (await rt.adopt()).get('pod-b/job')!;
    fs.writeFileSync(trigger, '');
    const exit = await p.exited;
    assert.equal(exit.exitCode, 7);
    // Restarting it makes instance 1, with instance 0 as --previous.
    const next = await rt.start({ id: 'pod-b/job', argv: ['true'], env });
    assert.equal(next.instance, 1);
    await next.exited;
  });

  it('forgets containers that ended while no agent ran, keeping their log', async () => {
    const dir = path.join(stateDir, 'c');
    const trigger = path.join(stateDir, 'c-trigger');
    const [started] = await startThenCrash(dir, [
      { id: 'pod-c/once', argv: ['sh', '-c', `echo hello; while [ ! -e ${trigger} ]; do sleep 0.02; done`], env },
    ], { 'pod-c/once': 'hello' });
    fs.writeFileSync(trigger, '');
    await waitFor('the container to end', () => !isAlive(started!.pid));
    const rt = newRuntime(dir);
    // Give the monitor its moment to record the exit, then adopt.
    await waitFor('the monitor to finish', () => fs.existsSync(path.join(dir, 'run', 'pod-c%2Fonce', '0', 'exit')));
    await waitFor('nothing to adopt', async () => (await rt.adopt()).size === 0);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'processes')), []);
    assert.equal(await logText(rt, 'pod-c/once'), 'hello\n');
  });

  it('never takes a recycled pid for a container', async () => {
    const dir = path.join(stateDir, 'd');
    const rt = newRuntime(dir);
    // A record whose pids are alive (this test process) but whose start times are not theirs.
    fs.writeFileSync(
      path.join(dir, 'processes', 'pod-d%2Fghost.json'),
      JSON.stringify({
        id: 'pod-d/ghost',
        instance: 0,
        pid: process.pid,
        startTime: '1',
        monitorPid: process.pid,
        monitorStartTime: '1',
        startedAt: new Date().toISOString(),
        logPath: path.join(dir, 'logs', 'pod-d', 'ghost', '0.log'),
        logLimitBytes: 1024,
        runDir: path.join(dir, 'run', 'pod-d%2Fghost', '0'),
        env,
        cwd: '/',
        isolated: false,
      }),
    );
    assert.equal((await rt.adopt()).size, 0);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'processes')), []);
  });
});
