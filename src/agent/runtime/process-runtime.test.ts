import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createProcessRuntime, StartError, type LocalProcessRuntime } from './index.ts';
import { assertNoLeftovers, isAlive, logText, newMarker, tempStateDir, testEnv, waitFor, waitForLog } from './testdata/support.ts';

const marker = newMarker();
const env = testEnv(marker);
let stateDir: string;
let rt: LocalProcessRuntime;
let n = 0;
const id = () => `pod-${++n}/main`;

before(() => {
  stateDir = tempStateDir();
  rt = createProcessRuntime({ stateDir, isolation: 'none' });
});

after(async () => {
  await rt.stopAll(0);
  await assertNoLeftovers(marker);
  fs.rmSync(stateDir, { recursive: true, force: true });
});

describe('start and exit', () => {
  it('reports the exit code of a process that exits on its own', async () => {
    const p = await rt.start({ id: id(), argv: ['sh', '-c', 'exit 3'], env });
    assert.ok(p.pid > 0);
    assert.equal(p.instance, 0);
    const exit = await p.exited;
    assert.equal(exit.exitCode, 3);
    assert.equal(exit.signal, undefined);
    assert.ok(exit.finishedAt instanceof Date);
  });

  it('reports death by a signal as 128+n with the signal name, as the kubelet does', async () => {
    const p = await rt.start({ id: id(), argv: ['sh', '-c', 'kill -USR1 $$'], env });
    assert.deepEqual({ ...(await p.exited), finishedAt: undefined }, { exitCode: 138, signal: 'SIGUSR1', finishedAt: undefined });
  });

  it('gives the pid of the real program, leading its own process group', async () => {
    const p = await rt.start({ id: id(), argv: ['sleep', '1000'], env });
    // The pid passes through setsid and env, each exec'ing the next, before it is sleep.
    await waitFor('the pid to become sleep', () => fs.readFileSync(`/proc/${p.pid}/comm`, 'utf8') === 'sleep\n');
    const stat = fs.readFileSync(`/proc/${p.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    assert.equal(Number(fields[2]), p.pid, 'pgid is the pid');
    assert.equal(Number(fields[3]), p.pid, 'sid is the pid');
    const exit = await rt.stop(p, 10);
    assert.equal(exit.exitCode, 143);
    assert.equal(exit.signal, 'SIGTERM');
  });

  it('captures stdout and stderr line by line, a last line without newline included', async () => {
    const cid = id();
    const p = await rt.start({ id: cid, argv: ['sh', '-c', 'echo out1; echo err1 >&2; echo out2; printf last'], env });
    await p.exited;
    const file = path.join(stateDir, 'logs', cid, '0.log');
    const records = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const byStream = (s: string) => records.filter((r) => r.split(' ')[1] === s).map((r) => r.split(' ').slice(2).join(' '));
    assert.deepEqual(byStream('stdout'), ['F out1', 'F out2', 'F last']);
    assert.deepEqual(byStream('stderr'), ['F err1']);
    for (const r of records) assert.match(r, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z (stdout|stderr) [FP] /);
  });

  it('passes the environment exactly as given, nothing inherited from the agent', async () => {
    const cid = id();
    const p = await rt.start({ id: cid, argv: ['env'], env: { ...env, GREETING: 'hello world', EMPTY: '' } });
    await p.exited;
    const lines = (await logText(rt, cid)).trimEnd().split('\n').sort();
    assert.deepEqual(lines, Object.entries({ ...env, GREETING: 'hello world', EMPTY: '' }).map(([k, v]) => `${k}=${v}`).sort());
  });

  it('runs in the given working directory', async () => {
    const cid = id();
    const dir = fs.mkdtempSync(path.join(stateDir, 'cwd-'));
    const p = await rt.start({ id: cid, argv: ['pwd'], env, cwd: dir });
    await p.exited;
    assert.equal(await logText(rt, cid), `${dir}\n`);
  });

  it('runs node scripts', async () => {
    const cid = id();
    const p = await rt.start({
      id: cid,
      argv: [process.execPath, '-e', 'console.log("from node"); console.error("to stderr"); process.exitCode = 4'],
      env,
    });
    assert.equal((await p.exited).exitCode, 4);
    assert.equal(await logText(rt, cid), 'from node\nto stderr\n');
  });

  it('restarts as a new instance', async () => {
    const cid = id();
    const first = await rt.start({ id: cid, argv: ['true'], env });
    await first.exited;
    const second = await rt.start({ id: cid, argv: ['true'], env });
    assert.equal(second.instance, 1);
    await second.exited;
  });

  it('refuses to start a container that is already running', async () => {
    const cid = id();
    const p = await rt.start({ id: cid, argv: ['sleep', '1000'], env });
    await assert.rejects(rt.start({ id: cid, argv: ['true'], env }), /already running/);
    await rt.stop(p, 0);
  });
});

describe('start failures are named like the kubelet names them', () => {
  it('an executable not on PATH', async () => {
    await assert.rejects(rt.start({ id: 'p/web', argv: ['no-such-program'], env }), (err: Error) => {
      assert.ok(err instanceof StartError);
      assert.equal(err.message, 'failed to start container "web": exec: "no-such-program": executable file not found in $PATH');
      return true;
    });
  });

  it('a PATH the container does not have', async () => {
    await assert.rejects(
      rt.start({ id: 'p/web', argv: ['sleep', '1'], env: { PATH: '/nonexistent' } }),
      /exec: "sleep": executable file not found in \$PATH/,
    );
  });

  it('a missing absolute path', async () => {
    await assert.rejects(
      rt.start({ id: 'p/web', argv: ['/no/such/bin'], env }),
      { message: 'failed to start container "web": exec: "/no/such/bin": stat /no/such/bin: no such file or directory' },
    );
  });

  it('a file without execute permission', async () => {
    const file = path.join(stateDir, 'not-executable.sh');
    fs.writeFileSync(file, '#!/bin/sh\necho hi\n', { mode: 0o644 });
    await assert.rejects(rt.start({ id: 'p/web', argv: [file], env }), {
      message: `failed to start container "web": exec: ${JSON.stringify(file)}: permission denied`,
    });
  });

  it('a directory', async () => {
    await assert.rejects(rt.start({ id: 'p/web', argv: ['/tmp'], env }), { message: 'failed to start container "web": exec: "/tmp": is a directory' });
  });

  it('a missing working directory', async () => {
    await assert.rejects(rt.start({ id: 'p/web', argv: ['true'], env, cwd: '/no/such/dir' }), {
      message: 'failed to start container "web": chdir to cwd ("/no/such/dir") failed: no such file or directory',
    });
  });

  it('an empty command', async () => {
    await assert.rejects(rt.start({ id: 'p/web', argv: [], env }), /no command specified/);
  });
});

describe('stop', () => {
  it('sends SIGTERM and lets a process that handles it exit cleanly', async () => {
    const cid = id();
    const p = await rt.start({ id: cid, argv: ['sh', '-c', 'trap "echo bye; exit 0" TERM; echo ready; while :; do sleep 0.05; done'], env });
    await waitForLog(rt, cid, 'ready');
    const exit = await rt.stop(p, 30);
    assert.equal(exit.exitCode, 0);
    assert.match(await logText(rt, cid), /bye/);
  });

  it('sends SIGKILL to the group after the grace period when SIGTERM is ignored', async () => {
    const cid = id();
    const p = await rt.start({ id: cid, argv: ['sh', '-c', 'trap "" TERM; echo ready; while :; do sleep 0.05; done'], env });
    await waitForLog(rt, cid, 'ready');
    const exit = await rt.stop(p, 0.2);
    assert.equal(exit.exitCode, 137);
    assert.equal(exit.signal, 'SIGKILL');
    assert.equal(isAlive(p.pid), false);
  });

  it('takes the whole group down: children and grandchildren', async () => {
    const cid = id();
    const p = await rt.start({
      id: cid,
      argv: ['sh', '-c', 'sh -c "sleep 1000 & echo grandchild \\$!; wait" & echo child $!; wait'],
      env,
    });
    await waitForLog(rt, cid, 'grandchild');
    const log = await logText(rt, cid);
    const pids = [...log.matchAll(/(?:grand)?child (\d+)/g)].map((m) => Number(m[1]));
    assert.equal(pids.length, 2);
    assert.ok(pids.every(isAlive));
    await rt.stop(p, 5);
    await waitFor('the children to be gone', () => !pids.some(isAlive));
  });

  it('kills stragglers that outlive the group leader', async () => {
    const cid = id();
    const p = await rt.start({ id: cid, argv: ['sh', '-c', 'sleep 1000 & echo straggler $!; exit 0'], env });
    const exit = await p.exited;
    assert.equal(exit.exitCode, 0);
    const straggler = Number(/straggler (\d+)/.exec(await logText(rt, cid))![1]);
    await waitFor('the straggler to be killed', () => !isAlive(straggler));
  });

  it('resolves at once for a process that already exited', async () => {
    const p = await rt.start({ id: id(), argv: ['sh', '-c', 'exit 5'], env });
    await p.exited;
    assert.equal((await rt.stop(p, 10)).exitCode, 5);
  });

  it('stopAll stops everything the runtime runs', async () => {
    const procs = await Promise.all([1, 2, 3].map(() => rt.start({ id: id(), argv: ['sh', '-c', 'sleep 1000'], env })));
    await rt.stopAll(5);
    for (const p of procs) {
      const exit = await p.exited;
      assert.equal(exit.exitCode, 143);
    }
    await assertNoLeftovers(marker);
  });
});

describe('remove', () => {
  it('forgets the logs and state of a container', async () => {
    const cid = 'removed-pod/main';
    const p = await rt.start({ id: cid, argv: ['sh', '-c', 'echo hi; sleep 1000'], env });
    await waitForLog(rt, cid, 'hi');
    await rt.remove(cid);
    assert.equal(isAlive(p.pid), false);
    assert.equal(fs.existsSync(path.join(stateDir, 'logs', 'removed-pod')), false);
    assert.equal(fs.readdirSync(path.join(stateDir, 'processes')).some((f) => f.startsWith('removed-pod')), false);
    assert.equal(await logText(rt, cid), '');
  });
});
