import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanDuration, shortHumanDuration, translateTimestampSince } from './index.ts';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;

test('humanDuration matches duration.HumanDuration (upstream duration_test cases)', () => {
  const cases: [number, string][] = [
    [-2 * s, '<invalid>'],
    [-1999, '0s'], // int(-1.999s) == -1: clock skew under 2s is "now"
    [-1 * s, '0s'],
    [0, '0s'],
    [1 * s, '1s'],
    [41 * s, '41s'],
    [59 * s, '59s'],
    [60 * s, '60s'],
    [119 * s, '119s'],
    [120 * s, '2m'],
    [121 * s, '2m1s'],
    [5 * m + 30 * s, '5m30s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m, '10m'],
    [10 * m + 59 * s, '10m'],
    [179 * m + 59 * s, '179m'],
    [3 * h, '3h'],
    [3 * h + 1 * m, '3h1m'],
    [7 * h + 59 * m, '7h59m'],
    [8 * h, '8h'],
    [47 * h + 59 * m, '47h'],
    [48 * h, '2d'],
    [48 * h + 1 * h, '2d1h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d, '8d'],
    [8 * d + 23 * h, '8d'],
    [729 * d, '729d'],
    [2 * y, '2y'],
    [2 * y + 1 * d, '2y1d'],
    [7 * y + 364 * d, '7y364d'],
    [8 * y, '8y'],
    [8 * y + 364 * d, '8y'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `humanDuration(${ms})`);
});

test('shortHumanDuration uses one unit', () => {
  assert.equal(shortHumanDuration(59 * s), '59s');
  assert.equal(shortHumanDuration(61 * s), '1m');
  assert.equal(shortHumanDuration(23 * h + 59 * m), '23h');
  assert.equal(shortHumanDuration(3 * d), '3d');
  assert.equal(shortHumanDuration(400 * d), '1y');
  assert.equal(shortHumanDuration(-3 * s), '<invalid>');
});

test('translateTimestampSince: `<unknown>` for a missing or zero timestamp', () => {
  const now = new Date('2024-05-01T12:00:00Z');
  assert.equal(translateTimestampSince(undefined, now), '<unknown>');
  assert.equal(translateTimestampSince(null, now), '<unknown>');
  assert.equal(translateTimestampSince('0001-01-01T00:00:00Z', now), '<unknown>');
  assert.equal(translateTimestampSince('2024-05-01T11:59:19Z', now), '41s');
  assert.equal(translateTimestampSince('2024-05-01T11:59:59.500000Z', now), '0s');
  assert.equal(translateTimestampSince('2024-04-28T12:00:00Z', now), '3d');
});
