import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLabels, formatLabelSelector, labelSetString, selectorStringOrInvalid } from './index.ts';

test('labels.Set String / FormatLabels: sorted k=v, <none> when empty', () => {
  assert.equal(labelSetString({ b: '2', a: '1', 'app.kubernetes.io/name': 'x' }), 'a=1,app.kubernetes.io/name=x,b=2');
  assert.equal(labelSetString({}), '');
  assert.equal(formatLabels({}), '<none>');
  assert.equal(formatLabels(undefined), '<none>');
  assert.equal(formatLabels({ app: 'web' }), 'app=web');
});

test('selector objects: Deployment form ("" / <invalid>) and FormatLabelSelector (<none> / <error>)', () => {
  const sel = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['b', 'a'] }] };
  assert.equal(selectorStringOrInvalid(sel), 'app=web,env notin (a,b)');
  assert.equal(formatLabelSelector(sel), 'app=web,env notin (a,b)');
  assert.equal(selectorStringOrInvalid(undefined), '');
  assert.equal(selectorStringOrInvalid({}), '');
  assert.equal(formatLabelSelector(undefined), '<none>');
  assert.equal(formatLabelSelector({ matchLabels: {} }), '<none>');
  const bad = { matchLabels: { 'bad key!': 'x' } };
  assert.equal(selectorStringOrInvalid(bad), '<invalid>');
  assert.equal(formatLabelSelector(bad), '<error>');
});
