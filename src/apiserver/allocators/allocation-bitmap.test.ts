import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AllocationBitmap } from './allocation-bitmap.ts';

const seq = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

describe('AllocationBitmap', () => {
  it('hands out every slot once, the upper band first, then the static band', () => {
    const b = new AllocationBitmap(100, 10, seq(0));
    const order: number[] = [];
    for (let i = 0; i < 100; i++) order.push(b.allocateNext());
    assert.deepEqual(order.slice(0, 90), Array.from({ length: 90 }, (_, i) => 10 + i));
    assert.deepEqual(order.slice(90).sort((x, y) => x - y), Array.from({ length: 10 }, (_, i) => i));
    assert.equal(b.allocateNext(), -1);
    assert.equal(b.free, 0);
    assert.equal(b.used, 100);
  });

  it('starts the upper band at a random point and wraps inside the band', () => {
    const b = new AllocationBitmap(20, 4, seq(0.5, 0));
    assert.equal(b.allocateNext(), 4 + 8);
    for (let i = 0; i < 7; i++) b.allocateNext();
    assert.equal(b.allocateNext(), 4, 'wrapped to the start of the upper band, not into the static band');
  });

  it('does not reuse a released slot until the rest of the band was used', () => {
    const b = new AllocationBitmap(64, 0, seq(0));
    const first = b.allocateNext();
    assert.equal(b.release(first), true);
    assert.notEqual(b.allocateNext(), first);
  });

  it('allocate and release a specific slot; out-of-range and double use are refused', () => {
    const b = new AllocationBitmap(33, 16);
    assert.equal(b.allocate(32), true);
    assert.equal(b.allocate(32), false);
    assert.equal(b.allocate(33), false);
    assert.equal(b.allocate(-1), false);
    assert.equal(b.allocate(1.5), false);
    assert.equal(b.has(32), true);
    assert.equal(b.has(33), false, 'padding bits are not slots');
    assert.equal(b.release(33), false);
    assert.equal(b.release(32), true);
    assert.equal(b.release(32), false, 'releasing a free slot is a no-op');
    assert.equal(b.used, 0);
  });

  it('falls back to the static band only when the upper band is full', () => {
    const b = new AllocationBitmap(40, 8, seq(0.3));
    for (let i = 8; i < 40; i++) assert.equal(b.allocate(i), true);
    const got = b.allocateNext();
    assert.ok(got >= 0 && got < 8);
    b.release(20);
    assert.equal(b.allocateNext(), 20);
  });

  it('forEach lists taken slots in order; clear frees everything', () => {
    const b = new AllocationBitmap(70, 0);
    for (const o of [69, 0, 31, 32, 33]) b.allocate(o);
    const seen: number[] = [];
    b.forEach((o) => seen.push(o));
    assert.deepEqual(seen, [0, 31, 32, 33, 69]);
    b.clear();
    assert.equal(b.used, 0);
    assert.equal(b.has(69), false);
    for (let i = 0; i < 70; i++) assert.ok(b.allocateNext() >= 0);
    assert.equal(b.allocateNext(), -1);
  });

  it('an empty bitmap is always full', () => {
    const b = new AllocationBitmap(0, 0);
    assert.equal(b.allocateNext(), -1);
    assert.equal(b.free, 0);
  });

  it('rejects a static band that leaves no dynamic part', () => {
    assert.throws(() => new AllocationBitmap(10, 10), RangeError);
  });
});
