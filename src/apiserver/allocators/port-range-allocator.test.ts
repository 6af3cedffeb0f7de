import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { calculatePortRangeOffset, PortRangeAllocator } from './port-range-allocator.ts';
import { formatPortRange, parsePortRange } from './port-range.ts';

describe('parsePortRange (utilnet.ParsePortRange)', () => {
  it('accepts a-b, a+n and a single port', () => {
    assert.deepEqual(parsePortRange('30000-32767'), { base: 30000, size: 2768 });
    assert.deepEqual(parsePortRange(' 30000+2767 '), { base: 30000, size: 2768 });
    assert.deepEqual(parsePortRange('8080'), { base: 8080, size: 1 });
    assert.deepEqual(parsePortRange(''), { base: 0, size: 0 });
    assert.equal(formatPortRange(parsePortRange('30000+2767')), '30000-32767');
    assert.equal(formatPortRange({ base: 0, size: 0 }), '');
  });

  it('refuses bad ranges with upstream messages', () => {
    assert.throws(() => parsePortRange('30000-70000'), { message: 'the port range cannot be greater than 65535: 30000-70000' });
    assert.throws(() => parsePortRange('65000+1000'), { message: 'the port range cannot be greater than 65535: 65000+1000' });
    assert.throws(() => parsePortRange('32767-30000'), { message: 'end port cannot be less than start port: 32767-30000' });
    assert.throws(() => parsePortRange('1-2+3'), { message: 'unable to parse port range: 1-2+3' });
    assert.throws(() => parsePortRange('abc'), { message: 'strconv.Atoi: parsing "abc": invalid syntax' });
    assert.throws(() => parsePortRange('1-x'), { message: 'strconv.Atoi: parsing "x": invalid syntax' });
  });
});

describe('PortRangeAllocator', () => {
  it('default range 30000-32767: static band 30000-30085 (86 ports)', () => {
    const a = new PortRangeAllocator();
    assert.equal(a.rangeText, '30000-32767');
    assert.equal(a.size, 2768);
    assert.equal(a.staticBandSize, 86);
    assert.equal(a.inStaticBand(30085), true);
    assert.equal(a.inStaticBand(30086), false);
  });

  it('static band sizes: min(max(16, size/32), 128), 0 at 16 ports or fewer', () => {
    assert.equal(calculatePortRangeOffset({ base: 30000, size: 2768 }), 86);
    assert.equal(calculatePortRangeOffset({ base: 1, size: 16 }), 0);
    assert.equal(calculatePortRangeOffset({ base: 1, size: 17 }), 16);
    assert.equal(calculatePortRangeOffset({ base: 1, size: 600 }), 18);
    assert.equal(calculatePortRangeOffset({ base: 1, size: 60000 }), 128);
  });

  it('fills the upper band before the static band, then reports range is full', () => {
    const a = new PortRangeAllocator('30000-30099');
    const got: number[] = [];
    for (let i = 0; i < 100; i++) got.push(a.allocateNext());
    assert.equal(new Set(got).size, 100);
    assert.ok(got.slice(0, 84).every((p) => p >= 30016), 'upper band first');
    assert.ok(got.slice(84).every((p) => p < 30016), 'static band last');
    assert.throws(() => a.allocateNext(), { name: 'AllocationError', message: 'range is full' });
    assert.equal(a.free(), 0);
    assert.equal(a.used(), 100);
  });

  it('errors: already allocated, not in range', () => {
    const a = new PortRangeAllocator();
    a.allocate(30080);
    assert.throws(() => a.allocate(30080), { message: 'provided port is already allocated' });
    assert.throws(() => a.allocate(32918 + 1000), { message: 'provided port is not in the valid range. The range of valid ports is 30000-32767' });
    assert.throws(() => a.allocate(29999), { message: 'provided port is not in the valid range. The range of valid ports is 30000-32767' });
    a.release(30080);
    a.release(80);
    assert.equal(a.has(30080), false);
    assert.equal(a.has(80), false);
  });
});
