import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import { createProcessRuntime, type LocalProcessRuntime } from './index.ts';
import { assertNoLeftovers, isAlive, newMarker, tempStateDir, testEnv, waitFor } from './testdata/support.ts';

const marker = newMarker();
const env = testEnv(marker, { CONTAINER_VAR: 'from-container' });
let stateDir: string;
let workDir: string;
let rt: LocalProcessRuntime;
let n = 0;

before(() => {
  stateDir = tempStateDir();
  workDir = fs.mkdtempSync(path.join(stateDir, 'work-'));
  rt = createProcessRuntime({ stateDir, isolation: 'none' });
});

after(async () => {
  await rt.stopAll(0);
  await assertNoLeftovers(marker);
  fs.rmSync(stateDir, { recursive: true, force: true });
});

async function container() {
  return rt.start({ id: `exec-pod-${++n}/app`, argv: ['sleep', '1000'], env, cwd: workDir });
}

describe('exec', () => {
  it('runs beside the container with its environment and working directory, stdout and stderr apart', async () => {
    const p = await container();
    const session = rt.exec(p, ['sh', '-c', 'echo "$CONTAINER_VAR $EXTRA $(pwd)"; echo oops >&2; exit 3'], { EXTRA: 'extra' }, {});
    assert.equal(session.stdin, undefined);
    const [out, err, exit] = await Promise.all([text(session.stdout), text(session.stderr!), session.exited]);
    assert.equal(out, `from-container extra ${workDir}\n`);
    assert.equal(err, 'oops\n');
    assert.equal(exit.exitCode, 3);
    await rt.stop(p, 0);
  });

  it('feeds stdin', async () => {
    const p = await container();
    const session = rt.exec(p, ['cat'], {}, { stdin: true });
    session.stdin!.end('hello through stdin\n');
    assert.equal(await text(session.stdout), 'hello through stdin\n');
    assert.equal((await session.exited).exitCode, 0);
    await rt.stop(p, 0);
  });

  it('gives a tty with -t: a terminal, stderr merged, the exit code kept', async () => {
    const p = await container();
    const session = rt.exec(p, ['sh', '-c', 'tty; echo to-stderr >&2; exit 4'], {}, { tty: true });
    assert.equal(session.stderr, undefined);
    const out = await text(session.stdout);
    assert.match(out, /^\/dev\/pts\/\d+\r\nto-stderr\r\n$/);
    assert.equal((await session.exited).exitCode, 4);
    await rt.stop(p, 0);
  });

  it('runs an interactive shell over a tty', async () => {
    const p = await container();
    const session = rt.exec(p, ['sh'], {}, { tty: true, stdin: true });
    const out = text(session.stdout);
    session.stdin!.write('echo $((6*7))\n');
    session.stdin!.write('exit 2\n');
    assert.match(await out, /42/);
    assert.equal((await session.exited).exitCode, 2);
    await rt.stop(p, 0);
  });

  it('resizes the tty', async () => {
    const p = await container();
    const trigger = path.join(stateDir, `resize-${n}`);
    const session = rt.exec(p, ['sh', '-c', `echo ready; while [ ! -e ${trigger} ]; do sleep 0.02; done; stty size`], {}, { tty: true });
    let out = '';
    session.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await waitFor('the exec to be ready', () => out.includes('ready'));
    session.resize(100, 40);
    fs.writeFileSync(trigger, '');
    await session.exited;
    await waitFor('the size to be printed', () => out.includes('40 100'));
    await rt.stop(p, 0);
  });

  it('kill() ends a running exec and everything it started', async () => {
    const p = await container();
    const session = rt.exec(p, ['sh', '-c', 'sleep 1000 & echo $!; wait'], {}, {});
    let out = '';
    session.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await waitFor('the exec to print its child', () => out.includes('\n'));
    const child = Number(out.trim());
    session.kill();
    assert.equal((await session.exited).exitCode, 137);
    await waitFor('the exec child to be gone', () => !isAlive(child));
    await rt.stop(p, 0);
  });

  it('rejects a command that does not exist', async () => {
    const p = await container();
    assert.throws(() => rt.exec(p, ['no-such-command'], {}, {}), { message: 'exec: "no-such-command": executable file not found in $PATH' });
    await rt.stop(p, 0);
  });

  it('rejects exec into a container that is not running', async () => {
    const p = await container();
    await rt.stop(p, 0);
    assert.throws(() => rt.exec(p, ['true'], {}, {}), { message: 'container "app" is not running' });
  });

  it('stopAll also ends running execs', async () => {
    const p = await container();
    const session = rt.exec(p, ['sleep', '1000'], {}, {});
    await rt.stopAll(0);
    assert.equal((await session.exited).exitCode, 137);
    assert.equal((await p.exited).exitCode, 143);
  });
});
