// Go net.ParseIP / ParseCIDR (sloppy) grammar, checked against the inputs Go accepts and rejects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cidrContains, isIPv6String, isLinkLocalMulticast, isLinkLocalUnicast, isLoopback, isUnspecified, parseCIDR, parseIP, to4 } from './service-netip.ts';

const hex = (ip: Uint8Array | null) => (ip ? Buffer.from(ip).toString('hex') : null);

test('parseIP accepts what Go (sloppy) accepts', () => {
  const ok: [string, string][] = [
    ['1.2.3.4', '00000000000000000000ffff01020304'],
    ['010.001.002.003', '00000000000000000000ffff0a010203'], // legacy leading zeros, read as decimal
    ['0.0.0.0', '00000000000000000000ffff00000000'],
    ['::', '00000000000000000000000000000000'],
    ['::1', '00000000000000000000000000000001'],
    ['fd00::10', 'fd000000000000000000000000000010'],
    ['FD00::A', 'fd00000000000000000000000000000a'],
    ['1:2:3:4:5:6:7:8', '00010002000300040005000600070008'],
    ['::ffff:1.2.3.4', '00000000000000000000ffff01020304'],
    ['::1.2.3.4', '00000000000000000000000001020304'],
    ['64:ff9b::192.0.2.1', '0064ff9b0000000000000000c0000201'],
    ['::ffff:010.1.2.3', '00000000000000000000ffff0a010203'],
    ['1::', '00010000000000000000000000000000'],
  ];
  for (const [s, want] of ok) assert.equal(hex(parseIP(s)), want, s);
});

test('parseIP rejects what Go rejects', () => {
  for (const s of ['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '0256.1.1.1', '1.2.3.-4', ' 1.2.3.4', '1.2.3.4 ', '1.2.3.4/32', 'fe80::1%eth0', '1:2:3:4:5:6:7:8:9', '1::2::3', 'fd00::00010', ':1::', '1:', '::1:', 'g::', '1.2.3.4::', '::1.2.3', '1:2:3:4:5:6:7:1.2.3.4', '1:2:3:4:5:6:7:8::', 'example.com', '0x1.2.3.4']) {
    assert.equal(parseIP(s), null, JSON.stringify(s));
  }
});

test('family and special-range predicates follow net.IP (mapped addresses are IPv4)', () => {
  assert.equal(isIPv6String('::ffff:1.2.3.4'), false);
  assert.equal(isIPv6String('::1.2.3.4'), true);
  assert.equal(isIPv6String('1.2.3.4'), false);
  assert.equal(isIPv6String('nope'), false);
  const ip = (s: string) => parseIP(s)!;
  assert.ok(isUnspecified(ip('::ffff:0.0.0.0')));
  assert.ok(isLoopback(ip('127.255.0.1')) && isLoopback(ip('::ffff:127.0.0.1')) && !isLoopback(ip('::2')));
  assert.ok(isLinkLocalUnicast(ip('fe80::1')) && isLinkLocalUnicast(ip('febf::1')) && !isLinkLocalUnicast(ip('fec0::1')));
  assert.ok(isLinkLocalMulticast(ip('224.0.0.251')) && !isLinkLocalMulticast(ip('224.0.1.1')) && isLinkLocalMulticast(ip('ff12::1')) && !isLinkLocalMulticast(ip('ff05::1')));
  assert.equal(hex(to4(ip('10.0.0.1'))), '0a000001');
});

test('parseCIDR and containment', () => {
  for (const s of ['10.0.0.0/8', '10.0.0.1/8', '0.0.0.0/0', '2001:db8::/32', '010.0.0.0/08', '10.0.0.0/008', '::ffff:10.0.0.0/104']) assert.ok(parseCIDR(s), s);
  for (const s of ['10.0.0.0', '10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/+8', 'x/8', '10.0.0.0/8/8']) assert.equal(parseCIDR(s), null, s);
  const pod = parseCIDR('127.244.0.0/16')!;
  assert.ok(cidrContains(pod, parseIP('127.244.3.7')!));
  assert.ok(cidrContains(pod, parseIP('::ffff:127.244.3.7')!));
  assert.ok(!cidrContains(pod, parseIP('127.0.0.1')!));
  assert.ok(!cidrContains(pod, parseIP('::1')!));
  assert.ok(cidrContains(parseCIDR('fd00:10::/64')!, parseIP('fd00:10::5')!));
  assert.ok(!cidrContains(parseCIDR('fd00:10::/64')!, parseIP('10.0.0.1')!));
});
