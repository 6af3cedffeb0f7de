// The apimachinery types with their own JSON form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { durationToJson, goDurationString, intOrStringToJson, microTimeToJson, quantityToJson, timeToJson } from './well-known.ts';
import { concat, int, str } from './testkit.ts';

test('time.Duration.String() as Go prints it', () => {
  const cases: [bigint, string][] = [
    [0n, '0s'],
    [1n, '1ns'],
    [1100n, '1.1\u00b5s'],
    [2_200_000n, '2.2ms'],
    [1_500_000_000n, '1.5s'],
    [60_000_000_000n, '1m0s'],
    [3_600_000_000_000n, '1h0m0s'],
    [3_723_000_000_000n, '1h2m3s'],
    [-90_000_000_000n, '-1m30s'],
    [9_223_372_036_854_775_807n, '2562047h47m16.854775807s'],
  ];
  for (const [ns, want] of cases) assert.equal(goDurationString(ns), want);
  assert.equal(durationToJson(int(1, 300_000_000_000)), '5m0s');
  assert.equal(durationToJson(new Uint8Array()), '0s');
});

test('Time is RFC 3339 seconds in UTC; MicroTime keeps six digits; empty is null', () => {
  assert.equal(timeToJson(new Uint8Array()), null);
  assert.equal(timeToJson(concat(int(1, 1704164645), int(2, 500_000_000))), '2024-01-02T03:04:05Z');
  assert.equal(microTimeToJson(concat(int(1, 1704164645), int(2, 1_000))), '2024-01-02T03:04:05.000001Z');
  assert.equal(microTimeToJson(new Uint8Array()), null);
  // time.Time{} marshalled explicitly is still the zero time.
  assert.equal(timeToJson(int(1, -62135596800)), null);
});

test('IntOrString and Quantity', () => {
  assert.equal(intOrStringToJson(new Uint8Array()), 0);
  assert.equal(intOrStringToJson(concat(int(1, 1), str(3, '50%'))), '50%');
  assert.equal(quantityToJson(new Uint8Array()), '0');
  for (const q of ['1', '500m', '1.5', '64Mi', '1e3', '-2Gi', '.5']) assert.equal(quantityToJson(str(1, q)), q);
  assert.throws(() => quantityToJson(str(1, '')), /quantities must match/);
  assert.throws(() => quantityToJson(str(1, '1 Gi')), /quantities must match/);
});
