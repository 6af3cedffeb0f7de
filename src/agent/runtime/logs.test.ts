import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import { formatTimestamp } from './cri-log.ts';
import { createProcessRuntime, LogNotFoundError, type LocalProcessRuntime } from './index.ts';
import { assertNoLeftovers, logText, newMarker, tempStateDir, testEnv, waitFor, waitForLog } from './testdata/support.ts';

const marker = newMarker();
const env = testEnv(marker);
let stateDir: string;
let rt: LocalProcessRuntime;
let n = 0;
const id = () => `logs-pod-${++n}/app`;

before(() => {
  stateDir = tempStateDir();
  rt = createProcessRuntime({ stateDir, isolation: 'none' });
});

after(async () => {
  await rt.stopAll(0);
  await assertNoLeftovers(marker);
  fs.rmSync(stateDir, { recursive: true, force: true });
});

async function run(cid: string, script: string, extra: Partial<Parameters<LocalProcessRuntime['start']>[0]> = {}) {
  const p = await rt.start({ id: cid, argv: ['sh', '-c', script], env, ...extra });
  await p.exited;
  return p;
}

describe('logs', () => {
  it('reads the plain text, stdout and stderr together', async () => {
    const cid = id();
    await run(cid, 'echo one; echo two >&2; echo three');
    const lines = (await logText(rt, cid)).trimEnd().split('\n');
    assert.deepEqual([...lines].sort(), ['one', 'three', 'two']);
    assert.ok(lines.indexOf('one') < lines.indexOf('three'));
  });

  it('prefixes timestamps only when asked, as kubectl logs --timestamps shows them', async () => {
    const cid = id();
    await run(cid, 'echo a; echo b');
    const out = await logText(rt, cid, { timestamps: true });
    const lines = out.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z a$/);
    assert.match(lines[1]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z b$/);
  });

  it('keeps a long line whole, written as partial records', async () => {
    const cid = id();
    const long = 'x'.repeat(40_000);
    await run(cid, `printf '%s\\n' ${long}; echo after`);
    assert.equal(await logText(rt, cid), `${long}\nafter\n`);
    const records = fs.readFileSync(path.join(stateDir, 'logs', cid, '0.log'), 'utf8').trimEnd().split('\n');
    assert.deepEqual(records.map((r) => r.split(' ')[2]), ['P', 'P', 'F', 'F']);
  });

  it('honours tailLines', async () => {
    const cid = id();
    await run(cid, 'for i in 1 2 3 4 5; do echo line$i; done');
    assert.equal(await logText(rt, cid, { tailLines: 2 }), 'line4\nline5\n');
    assert.equal(await logText(rt, cid, { tailLines: 0 }), '');
    assert.equal(await logText(rt, cid, { tailLines: 100 }), 'line1\nline2\nline3\nline4\nline5\n');
  });

  it('honours limitBytes', async () => {
    const cid = id();
    await run(cid, 'echo abcdef; echo ghijkl');
    assert.equal(await logText(rt, cid, { limitBytes: 9 }), 'abcdef\ngh');
  });

  it('honours sinceTime, to the nanosecond', async () => {
    const cid = id();
    await run(cid, 'echo early; sleep 0.01; echo middle; sleep 0.01; echo late');
    const stamped = (await logText(rt, cid, { timestamps: true })).trimEnd().split('\n').map((l) => l.split(' ') as [string, string]);
    const since = stamped.find(([, t]) => t === 'middle')![0];
    const expected = stamped.filter(([ts]) => ts >= since).map(([, t]) => `${t}\n`).join('');
    assert.equal(await logText(rt, cid, { sinceTime: since }), expected);
    assert.match(expected, /^(early\n)?middle\nlate\n$/);
  });

  it('honours sinceSeconds', async () => {
    // A log written an hour ago, then one line from now.
    const cid = id();
    const dir = path.join(stateDir, 'logs', cid);
    fs.mkdirSync(dir, { recursive: true });
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    const hourAgo = formatTimestamp(nowNs - 3600n * 1_000_000_000n);
    fs.writeFileSync(path.join(dir, '0.log'), `${hourAgo} stdout F old\n${formatTimestamp(nowNs)} stdout F new\n`);
    assert.equal(await logText(rt, cid, { sinceSeconds: 60 }), 'new\n');
    assert.equal(await logText(rt, cid, { sinceSeconds: 7200 }), 'old\nnew\n');
  });

  it('keeps the previous instance for --previous, and only that one', async () => {
    const cid = id();
    await run(cid, 'echo first');
    await run(cid, 'echo second');
    await run(cid, 'echo third');
    assert.equal(await logText(rt, cid), 'third\n');
    assert.equal(await logText(rt, cid, { previous: true }), 'second\n');
    assert.deepEqual(fs.readdirSync(path.join(stateDir, 'logs', cid)).sort(), ['1.log', '2.log']);
  });

  it('fails --previous when there is no previous instance, with the kubelet message', async () => {
    const cid = 'the-pod-uid/web';
    await run(cid, 'echo only');
    assert.throws(() => rt.logs(cid, { previous: true }), (err: Error) => {
      assert.ok(err instanceof LogNotFoundError);
      assert.equal(err.message, 'previous terminated container "web" in pod "the-pod-uid" not found');
      assert.equal(err.container, 'web');
      assert.equal(err.podUID, 'the-pod-uid');
      return true;
    });
  });

  it('caps the log at logLimitBytes by rotation, keeping the newest lines', async () => {
    const cid = id();
    const limit = 4096;
    await run(cid, 'i=0; while [ $i -lt 500 ]; do echo "line number $i"; i=$((i+1)); done', { logLimitBytes: limit });
    const dir = path.join(stateDir, 'logs', cid);
    const total = fs.readdirSync(dir).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
    assert.ok(total <= limit, `${total} bytes kept, limit ${limit}`);
    assert.ok(total >= limit / 2 - 100, `${total} bytes kept: at least about half the limit stays`);
    const lines = (await logText(rt, cid)).trimEnd().split('\n');
    assert.equal(lines.at(-1), 'line number 499');
    assert.ok(!lines.includes('line number 0'));
    // What is kept is a contiguous run of the newest lines.
    const first = Number(lines[0]!.split(' ').at(-1));
    assert.deepEqual(lines, Array.from({ length: 500 - first }, (_, i) => `line number ${first + i}`));
  });

  it('follows new lines until the instance exits, then ends', async () => {
    const cid = id();
    const trigger = path.join(stateDir, `trigger-${n}`);
    const p = await rt.start({
      id: cid,
      argv: ['sh', '-c', `echo one; while [ ! -e ${trigger} ]; do sleep 0.02; done; echo two; echo three >&2`],
      env,
    });
    await waitForLog(rt, cid, 'one');
    const stream = rt.logs(cid, { follow: true });
    const chunks: string[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c.toString()));
    const ended = new Promise((resolve) => stream.on('end', resolve));
    await waitFor('the first line to be followed', () => chunks.join('') === 'one\n');
    fs.writeFileSync(trigger, '');
    await ended;
    const lines = chunks.join('').trimEnd().split('\n');
    assert.deepEqual([...lines].sort(), ['one', 'three', 'two']);
    await p.exited;
  });

  it('follows with tailLines and stops at limitBytes', async () => {
    const cid = id();
    const trigger = path.join(stateDir, `trigger-${n}`);
    const p = await rt.start({
      id: cid,
      argv: ['sh', '-c', `echo a; echo b; while [ ! -e ${trigger} ]; do sleep 0.02; done; echo cccc; echo dddd; sleep 1000`],
      env,
    });
    await waitForLog(rt, cid, 'b');
    const stream = rt.logs(cid, { follow: true, tailLines: 1, limitBytes: 6 });
    const result = text(stream);
    fs.writeFileSync(trigger, '');
    assert.equal(await result, 'b\ncccc');
    await rt.stop(p, 0);
  });

  it('ends a follow at once for an instance that has exited', async () => {
    const cid = id();
    await run(cid, 'echo done');
    assert.equal(await logText(rt, cid, { follow: true }), 'done\n');
  });

  it('reads nothing for a container that never ran', async () => {
    assert.equal(await logText(rt, 'never/ran'), '');
  });
});
