// JSON merge patch (RFC 7386 cases, evanphx null pruning) and JSON patch error mapping.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyJsonPatch, applyMergePatch } from './index.ts';

describe('applyMergePatch (RFC 7386 appendix A)', () => {
  const cases: [unknown, unknown, unknown][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [target, patch, result] of cases) {
    it(`${JSON.stringify(target)} + ${JSON.stringify(patch)}`, () => assert.deepEqual(applyMergePatch(target, patch), result));
  }
  it('prunes nulls in objects inside a new array, as kube-apiserver does', () => {
    assert.deepEqual(applyMergePatch({ spec: { ports: [{ port: 80 }] } }, { spec: { ports: [{ port: 81, name: null }] } }), { spec: { ports: [{ port: 81 }] } });
  });
  it('kubectl scale / label bodies', () => {
    assert.deepEqual(applyMergePatch({ spec: { replicas: 1, x: 1 } }, { spec: { replicas: 5 } }), { spec: { replicas: 5, x: 1 } });
    assert.deepEqual(applyMergePatch({ metadata: { name: 'w' } }, { metadata: { labels: { tier: 'fe' } } }), { metadata: { name: 'w', labels: { tier: 'fe' } } });
  });
  it('rejects null and scalar patch documents with 400 "Invalid JSON Patch"', () => {
    assert.throws(() => applyMergePatch({}, null), { code: 400, message: 'Invalid JSON Patch' });
    assert.throws(() => applyMergePatch({}, 5), { code: 400, message: 'Invalid JSON Patch' });
  });
  it('does not mutate its inputs', () => {
    const target = { a: { b: 1 } };
    const patch = { a: { c: { d: 1 } } };
    const out = applyMergePatch(target, patch) as any;
    out.a.c.d = 2;
    assert.deepEqual(target, { a: { b: 1 } });
    assert.deepEqual(patch, { a: { c: { d: 1 } } });
  });
});

describe('applyJsonPatch', () => {
  const doc = { metadata: { name: 'web', labels: { a: '1' } }, spec: { ports: [{ port: 80 }] } };

  it('applies RFC 6902 operations without touching the input', () => {
    const ops = [
      { op: 'test', path: '/metadata/name', value: 'web' },
      { op: 'add', path: '/spec/ports/-', value: { port: 81 } },
      { op: 'replace', path: '/metadata/labels/a', value: '2' },
      { op: 'remove', path: '/spec/ports/0' },
    ];
    const copy = structuredClone(doc);
    const out: any = applyJsonPatch(doc, ops);
    assert.deepEqual(out, { metadata: { name: 'web', labels: { a: '2' } }, spec: { ports: [{ port: 81 }] } });
    assert.deepEqual(doc, copy);
    // The added value is a copy, not the operation's own object.
    assert.notStrictEqual(out.spec.ports[0], (ops[1] as { value: unknown }).value);
  });

  it('a failed test, a missing path or an unknown op is 422 with the generic message', () => {
    const expected = { code: 422, reason: 'Invalid', message: 'the server rejected our request due to an error in our request' };
    assert.throws(() => applyJsonPatch(doc, [{ op: 'test', path: '/metadata/name', value: 'x' }]), expected);
    assert.throws(() => applyJsonPatch(doc, [{ op: 'remove', path: '/nope' }]), expected);
    assert.throws(() => applyJsonPatch(doc, [{ op: 'replace', path: '/nope', value: 1 }]), expected);
    assert.throws(() => applyJsonPatch(doc, [{ op: 'frob', path: '/a' }]), expected);
    assert.throws(() => applyJsonPatch(doc, [null]), expected);
  });

  it('a body that is not a list of operations is 400 with the decoder error', () => {
    assert.throws(() => applyJsonPatch(doc, { op: 'add' }), { code: 400, message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch' });
    assert.throws(() => applyJsonPatch(doc, ['add']), { code: 400, message: 'json: cannot unmarshal string into Go value of type jsonpatch.Operation' });
  });

  it('null is an empty patch; too many operations is 413', () => {
    assert.deepEqual(applyJsonPatch(doc, null), doc);
    const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/metadata/name', value: 'web' }));
    assert.throws(() => applyJsonPatch(doc, ops), { code: 413, message: 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001' });
  });
});
