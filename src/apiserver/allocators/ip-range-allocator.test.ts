import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { calculateIPRangeOffset, clusterDNSIP, IPRangeAllocator, kubernetesServiceIP, MAX_IPV6_RANGE } from './ip-range-allocator.ts';
import { AllocationError } from './allocation-errors.ts';
import { parseCIDR } from './ip-address.ts';

const offset = (cidr: string) => calculateIPRangeOffset(parseCIDR(cidr)!);

function drain(a: IPRangeAllocator): string[] {
  const out: string[] = [];
  for (;;) {
    try {
      out.push(a.allocateNext());
    } catch {
      return out;
    }
  }
}

describe('IPRangeAllocator ranges', () => {
  it('the default CIDR is 127.96.0.0/16 with a 256-address static band', () => {
    const a = new IPRangeAllocator();
    assert.equal(a.cidr, '127.96.0.0/16');
    assert.equal(a.family, 'IPv4');
    assert.equal(a.size, 65534);
    assert.equal(a.staticBandSize, 256);
    assert.equal(a.free(), 65534);
    assert.equal(a.used(), 0);
    // offsets 0..255 are .0.1 .. .1.0
    assert.equal(a.inStaticBand('127.96.0.1'), true);
    assert.equal(a.inStaticBand('127.96.1.0'), true);
    assert.equal(a.inStaticBand('127.96.1.1'), false);
  });

  it('a /24 has 254 usable addresses and a static band of 16 (.1-.16)', () => {
    const a = new IPRangeAllocator('10.0.0.0/24');
    assert.equal(a.size, 254);
    assert.equal(a.staticBandSize, 16);
    assert.equal(a.inStaticBand('10.0.0.16'), true);
    assert.equal(a.inStaticBand('10.0.0.17'), false);
    const all = drain(a);
    assert.equal(all.length, 254);
    assert.equal(new Set(all).size, 254);
    assert.ok(!all.includes('10.0.0.0') && !all.includes('10.0.0.255'));
    // Dynamic allocation used the upper band before touching .1-.16.
    assert.deepEqual(new Set(all.slice(238)), new Set(Array.from({ length: 16 }, (_, i) => `10.0.0.${i + 1}`)));
  });

  it('static band sizes follow min(max(16, size/16), 256), 0 at 16 addresses or fewer', () => {
    assert.equal(offset('10.96.0.0/12'), 256);
    assert.equal(offset('10.0.0.0/16'), 256);
    assert.equal(offset('10.0.0.0/20'), 256);
    assert.equal(offset('10.0.0.0/21'), 128);
    assert.equal(offset('10.0.0.0/24'), 16);
    assert.equal(offset('10.0.0.0/27'), 16);
    assert.equal(offset('10.0.0.0/28'), 0);
    assert.equal(offset('10.0.0.0/30'), 0);
    assert.equal(offset('fd00::/64'), 256);
    assert.equal(offset('fd00::/120'), 16);
    assert.equal(offset('0.0.0.0/0'), 0, 'RangeSize answers 0 for /0 and /1');
  });

  it('kubernetes at .1 and DNS at .10 are in the static band', () => {
    assert.equal(kubernetesServiceIP(), '127.96.0.1');
    assert.equal(clusterDNSIP(), '127.96.0.10');
    assert.equal(kubernetesServiceIP('10.96.0.0/12'), '10.96.0.1');
    assert.equal(clusterDNSIP('10.96.0.0/12'), '10.96.0.10');
    const a = new IPRangeAllocator();
    assert.equal(a.inStaticBand(kubernetesServiceIP()), true);
    assert.equal(a.inStaticBand(clusterDNSIP()), true);
    assert.equal(a.indexedIP(1), '127.96.0.1');
  });

  it('tiny ranges: /30 has 2 addresses, /31 and /32 none', () => {
    assert.deepEqual(drain(new IPRangeAllocator('10.0.0.0/30')).sort(), ['10.0.0.1', '10.0.0.2']);
    assert.equal(new IPRangeAllocator('10.0.0.0/31').size, 0);
    assert.equal(new IPRangeAllocator('10.0.0.7/32').size, 0);
  });

  it('masks host bits of the configured CIDR, as net.ParseCIDR does', () => {
    assert.equal(new IPRangeAllocator('10.0.0.77/24').cidr, '10.0.0.0/24');
  });

  it('IPv6: no broadcast, bitmap capped at 65536 so a /64 hands out ::1..::ffff', () => {
    const a = new IPRangeAllocator('fd00:10:96::/64');
    assert.equal(a.family, 'IPv6');
    assert.equal(a.size, MAX_IPV6_RANGE - 1);
    assert.equal(a.staticBandSize, 256);
    a.allocate('fd00:10:96::ffff');
    assert.throws(() => a.allocate('fd00:10:96::1:0'), { message: 'the provided IP (fd00:10:96::1:0) is not in the valid range. The range of valid IPs is fd00:10:96::/64' });
    const b = new IPRangeAllocator('fd00::/120');
    assert.equal(b.size, 255);
    const all = drain(b);
    assert.ok(all.includes('fd00::ff'), 'the last address is usable in IPv6');
    assert.ok(!all.includes('fd00::'));
  });

  it('IPv6 addresses print in RFC 5952 form and parse in any form', () => {
    const a = new IPRangeAllocator('2001:db8::/112');
    a.allocate('2001:0db8:0000::0001');
    assert.equal(a.has('2001:db8::1'), true);
    const seen: string[] = [];
    a.forEach((ip) => seen.push(ip));
    assert.deepEqual(seen, ['2001:db8::1']);
  });
});

describe('IPRangeAllocator errors (upstream texts)', () => {
  it('already allocated', () => {
    const a = new IPRangeAllocator('10.96.0.0/12');
    a.allocate('10.96.0.10');
    assert.throws(() => a.allocate('10.96.0.10'), (e: unknown) => e instanceof AllocationError && e.code === 'Allocated' && e.message === 'provided IP is already allocated');
  });

  it('not in range, including the network and broadcast addresses and the other family', () => {
    const a = new IPRangeAllocator('10.96.0.0/12');
    for (const ip of ['1.1.1.1', '10.96.0.0', '10.111.255.255', 'fd00::1']) {
      assert.throws(() => a.allocate(ip), {
        name: 'AllocationError',
        message: `the provided IP (${ip}) is not in the valid range. The range of valid IPs is 10.96.0.0/12`,
      });
    }
    assert.equal(a.contains('10.111.255.254'), true);
  });

  it('range is full', () => {
    const a = new IPRangeAllocator('10.0.0.0/29');
    assert.equal(drain(a).length, 6);
    assert.throws(() => a.allocateNext(), (e: unknown) => e instanceof AllocationError && e.code === 'Full' && e.message === 'range is full');
  });

  it('release of a free or foreign address is a no-op; has() is false outside the range', () => {
    const a = new IPRangeAllocator('10.0.0.0/24');
    a.release('10.0.0.5');
    a.release('192.168.0.1');
    a.release('not an ip');
    assert.equal(a.has('192.168.0.1'), false);
    a.allocate('10.0.0.5');
    a.release('10.0.0.5');
    assert.equal(a.has('10.0.0.5'), false);
    assert.equal(a.used(), 0);
  });

  it('leading zeros are decimal (ParseIPSloppy), and the error prints the parsed IP', () => {
    const a = new IPRangeAllocator('10.0.0.0/24');
    a.allocate('010.000.000.010');
    assert.equal(a.has('10.0.0.10'), true);
    assert.throws(() => a.allocate('010.1.0.1'), { message: 'the provided IP (10.1.0.1) is not in the valid range. The range of valid IPs is 10.0.0.0/24' });
  });

  it('an invalid CIDR is refused at construction', () => {
    assert.throws(() => new IPRangeAllocator('10.0.0.0'), /invalid service CIDR/);
    assert.throws(() => new IPRangeAllocator('10.0.0.0/33'), /invalid service CIDR/);
  });
});
