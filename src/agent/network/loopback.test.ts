import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoopbackPodNetwork } from './loopback.ts';

describe('loopback pod network', () => {
  it('gives each pod its own address, keeps it across a restart, and reuses released ones last', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'portico-net-'));
    try {
      const file = join(dir, 'addresses.json');
      const net = new LoopbackPodNetwork('127.244.3.0/24', file);
      const a = net.assign('a');
      const b = net.assign('b');
      assert.equal(a, '127.244.3.2');
      assert.equal(b, '127.244.3.3');
      assert.equal(net.assign('a'), a);
      net.release('a');
      assert.equal(net.assign('c'), '127.244.3.4');
      const again = new LoopbackPodNetwork('127.244.3.0/24', file);
      assert.equal(again.addressOf('b'), b);
      assert.equal(again.addressOf('c'), '127.244.3.4');
      assert.throws(() => new LoopbackPodNetwork('10.0.0.0/24', file), /inside 127.0.0.0\/8/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says so when the range is full', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'portico-net-'));
    try {
      const net = new LoopbackPodNetwork('127.244.4.0/30', join(dir, 'a.json'));
      net.assign('only');
      assert.throws(() => net.assign('more'), /no free pod address in 127.244.4.0\/30/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
