// Hostile bytes never crash the decoder: every truncation and many random mutations of the
// real kubectl fixtures either decode or throw ProtobufDecodeError (a clean 400/415), never a
// RangeError, TypeError or stack overflow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeKubernetesProtobuf, ProtobufDecodeError } from './index.ts';
import { PROTOBUF_MAGIC } from './envelope.ts';

const testdata = join(import.meta.dirname, 'testdata');
const fixtures = readdirSync(testdata)
  .filter((f) => f.endsWith('.bin'))
  .map((f) => ({ name: f, body: new Uint8Array(readFileSync(join(testdata, f))) }));

/** Deterministic PRNG (mulberry32) so a failure can be replayed from its seed. */
const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const decodesCleanly = (body: Uint8Array, what: string): void => {
  try {
    decodeKubernetesProtobuf(body);
  } catch (e) {
    assert.ok(e instanceof ProtobufDecodeError, `${what}: threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    assert.ok(e.code === 400 || e.code === 415, `${what}: code ${e.code}`);
    assert.ok(e.message.length > 0);
  }
};

test('fixtures exist', () => assert.ok(fixtures.length >= 10));

test('every truncation of every fixture fails cleanly (or decodes)', () => {
  for (const { name, body } of fixtures) {
    for (let n = 0; n < body.length; n++) decodesCleanly(body.subarray(0, n), `${name}[0:${n}]`);
  }
});

test('random bit flips, byte overwrites, insertions and deletions fail cleanly', () => {
  const next = rng(20240102);
  for (const { name, body } of fixtures) {
    for (let i = 0; i < 400; i++) {
      const b = Uint8Array.from(body);
      const edits = 1 + Math.floor(next() * 4);
      let mutated: Uint8Array = b;
      for (let k = 0; k < edits; k++) {
        const at = Math.floor(next() * mutated.length);
        const kind = next();
        if (kind < 0.4) mutated[at] = mutated[at]! ^ (1 << Math.floor(next() * 8));
        else if (kind < 0.7) mutated[at] = Math.floor(next() * 256);
        else if (kind < 0.85) mutated = Uint8Array.from([...mutated.subarray(0, at), Math.floor(next() * 256), ...mutated.subarray(at)]);
        else mutated = Uint8Array.from([...mutated.subarray(0, at), ...mutated.subarray(at + 1)]);
      }
      decodesCleanly(mutated, `${name} mutation #${i}`);
    }
  }
});

test('random garbage after the magic fails cleanly', () => {
  const next = rng(7);
  for (let i = 0; i < 2000; i++) {
    const len = Math.floor(next() * 64);
    const tail = Uint8Array.from({ length: len }, () => Math.floor(next() * 256));
    decodesCleanly(Uint8Array.from([...PROTOBUF_MAGIC, ...tail]), `garbage #${i}`);
  }
});

test('deep nesting is bounded by the schema, not the input', () => {
  // 2000 nested length-delimited field-1 wrappers: the decoder must not recurse into them blindly.
  let inner = new Uint8Array();
  for (let i = 0; i < 2_000; i++) inner = Uint8Array.from([0x0a, ...lengthVarint(inner.length), ...inner]);
  decodesCleanly(Uint8Array.from([...PROTOBUF_MAGIC, ...inner]), 'deep nesting');
});

function lengthVarint(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}
