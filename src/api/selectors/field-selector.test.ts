// Field selectors: fields.ParseSelector semantics and error texts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { escapeFieldValue, fieldLabelNotSupported, parseFieldSelector } from './index.ts';

const pod: Record<string, string> = { 'metadata.name': 'web-1', 'metadata.namespace': 'default', 'status.phase': 'Running', 'spec.nodeName': '' };
const get = (f: string) => pod[f];

describe('parseFieldSelector', () => {
  it('parses =, == and != joined by commas, sorted by term text', () => {
    const sel = parseFieldSelector('status.phase!=Failed,metadata.name==web-1,spec.nodeName=');
    assert.deepEqual(sel.requirements, [
      { field: 'metadata.name', op: '=', value: 'web-1' },
      { field: 'spec.nodeName', op: '=', value: '' },
      { field: 'status.phase', op: '!=', value: 'Failed' },
    ]);
    assert.ok(sel.matches(get));
    assert.equal(sel.toString(), 'metadata.name=web-1,spec.nodeName=,status.phase!=Failed');
  });
  it('compares a missing field as the empty string', () => {
    assert.ok(parseFieldSelector('spec.unknown=').matches(get));
    assert.ok(!parseFieldSelector('spec.unknown!=').matches(get));
  });
  it('empty selectors and empty terms', () => {
    assert.ok(parseFieldSelector('').empty);
    assert.ok(parseFieldSelector(',,').empty);
    assert.ok(parseFieldSelector('=').empty);
  });
  it('unescapes \\, \\= and \\\\ in values and re-escapes when printing', () => {
    const sel = parseFieldSelector('metadata.name=a\\,b\\=c\\\\d');
    assert.equal(sel.requirements[0]!.value, 'a,b=c\\d');
    assert.equal(sel.toString(), 'metadata.name=a\\,b\\=c\\\\d');
    assert.equal(escapeFieldValue('x,y=z\\'), 'x\\,y\\=z\\\\');
  });
  it('splits at the first operator; field names are not escaped', () => {
    assert.deepEqual(parseFieldSelector('a!=b!c').requirements, [{ field: 'a', op: '!=', value: 'b!c' }]);
  });
  it('rejects bad terms with upstream messages', () => {
    assert.throws(() => parseFieldSelector('metadata.name'), { code: 400, message: "invalid selector: 'metadata.name'; can't understand 'metadata.name'" });
    assert.throws(() => parseFieldSelector('a=b,c'), { message: "invalid selector: 'a=b,c'; can't understand 'c'" });
    assert.throws(() => parseFieldSelector('a=b=c'), { message: 'invalid field selector: unescapedRune character in value: 61' });
    assert.throws(() => parseFieldSelector('a=\\x'), { message: 'invalid field selector: invalid escape sequence: \\x' });
    assert.throws(() => parseFieldSelector('a=x\\'), { message: 'invalid field selector: invalid escape sequence: \\' });
  });
  it('transform rewrites terms as a field-label conversion would', () => {
    const sel = parseFieldSelector('name=x').transform((f, v) => ({ field: f === 'name' ? 'metadata.name' : f, value: v }));
    assert.equal(sel.toString(), 'metadata.name=x');
  });
  it('builds the unsupported-field error', () => {
    const e = fieldLabelNotSupported('spec.foo');
    assert.equal(e.code, 400);
    assert.equal(e.message, 'field label not supported: spec.foo');
  });
});
