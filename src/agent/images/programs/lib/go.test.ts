import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalHeaderKey, formatGoDuration, goAtoi, goJson, goQuote, parseGoDuration } from './go.ts';
import { parseFlags } from './flags.ts';
import { cleanPath } from './gohttp.ts';

test('time.ParseDuration and Duration.String', () => {
  assert.equal(parseGoDuration('3s'), 3e9);
  assert.equal(parseGoDuration('1m30s'), 90e9);
  assert.equal(parseGoDuration('1.5h'), 5400e9);
  assert.equal(parseGoDuration('250ms'), 250e6);
  assert.equal(parseGoDuration('0'), 0);
  assert.deepEqual(parseGoDuration('3'), { error: 'time: missing unit in duration "3"' });
  assert.deepEqual(parseGoDuration('3x'), { error: 'time: unknown unit "x" in duration "3x"' });
  assert.deepEqual(parseGoDuration('abc'), { error: 'time: invalid duration "abc"' });
  assert.deepEqual(parseGoDuration(''), { error: 'time: invalid duration ""' });
  const cases: Array<[number, string]> = [[0, '0s'], [1e9, '1s'], [1.5e9, '1.5s'], [90e9, '1m30s'], [3600e9, '1h0m0s'], [250e6, '250ms'], [1500, '1.5µs'], [7, '7ns'], [60e9, '1m0s']];
  for (const [ns, s] of cases) assert.equal(formatGoDuration(ns), s);
});

test('%q, Atoi, encoding/json and canonical header keys', () => {
  assert.equal(goQuote('a"b\\c\n\x01'), '"a\\"b\\\\c\\n\\x01"');
  assert.equal(goAtoi('42'), 42);
  assert.deepEqual(goAtoi('4x'), { error: 'strconv.Atoi: parsing "4x": invalid syntax' });
  assert.equal(goJson({ output: 'x', error: 'y' }), '{"error":"y","output":"x"}');
  assert.equal(goJson({ responses: ['<a&b>'] }), '{"responses":["\\u003ca\\u0026b\\u003e"]}');
  assert.equal(canonicalHeaderKey('x-forwarded-for'), 'X-Forwarded-For');
});

test('pflag-style parsing', () => {
  const spec = { port: { type: 'int', default: 9376 }, http: { type: 'bool', default: true }, timeout: { type: 'duration', default: 0 } } as const;
  assert.deepEqual(parseFlags(['--port=1', '--http=false', 'x'], spec), { values: { port: 1, http: false, timeout: 0 }, positional: ['x'] });
  assert.deepEqual(parseFlags(['--port', '2', '--http', '--timeout=3s', '--v=4'], spec), { values: { port: 2, http: true, timeout: 3e9 }, positional: [] });
  assert.deepEqual(parseFlags(['--port'], spec), { error: 'flag needs an argument: --port' });
  assert.deepEqual(parseFlags(['--nope'], spec), { error: 'unknown flag: --nope' });
  assert.deepEqual(parseFlags(['--http=maybe'], spec), { error: 'invalid argument "maybe" for "--http" flag: strconv.ParseBool: parsing "maybe": invalid syntax' });
  assert.deepEqual(parseFlags(['--', '--port'], spec), { values: { port: 9376, http: true, timeout: 0 }, positional: ['--port'] });
});

test('path.Clean as net/http uses it', () => {
  assert.equal(cleanPath('//hostname'), '/hostname');
  assert.equal(cleanPath('/a/../b/./c/'), '/b/c/');
  assert.equal(cleanPath('/..'), '/');
  assert.equal(cleanPath('/'), '/');
});
