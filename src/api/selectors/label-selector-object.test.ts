// metav1.LabelSelector: conversion, printing (-o wide SELECTOR column, Scale status.selector)
// and validation with upstream's field paths and messages.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorString, path } from '../field.ts';
import { formatLabelSelector, labelSelectorFromObject, selectorToString, validateLabelSelector } from './index.ts';

describe('labelSelectorFromObject', () => {
  it('a missing selector matches nothing, an empty one everything', () => {
    assert.equal(labelSelectorFromObject(undefined).matches({ a: 'b' }), false);
    assert.equal(labelSelectorFromObject(null).empty, false);
    assert.equal(labelSelectorFromObject({}).matches({ a: 'b' }), true);
    assert.equal(labelSelectorFromObject({ matchLabels: {}, matchExpressions: [] }).empty, true);
  });

  it('combines matchLabels and matchExpressions with AND', () => {
    const sel = labelSelectorFromObject({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['fe', 'be'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'env', operator: 'NotIn', values: ['prod'] },
        { key: 'team', operator: 'Exists' },
      ],
    });
    assert.ok(sel.matches({ app: 'web', tier: 'fe', team: 'x' }));
    assert.ok(!sel.matches({ app: 'web', tier: 'fe', team: 'x', canary: '' }));
    assert.ok(!sel.matches({ app: 'web', tier: 'db', team: 'x' }));
    assert.ok(!sel.matches({ app: 'web', tier: 'fe', team: 'x', env: 'prod' }));
    assert.equal(sel.toString(), 'app=web,!canary,env notin (prod),team,tier in (be,fe)');
  });

  it('rejects an unknown operator with upstream text', () => {
    assert.throws(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }), {
      message: '"Gt" is not a valid pod selector operator',
    });
  });
});

describe('selectorToString / formatLabelSelector', () => {
  it('prints as `kubectl get rs -o wide` does', () => {
    assert.equal(formatLabelSelector({ matchLabels: { app: 'web', 'pod-template-hash': '5d4f' } }), 'app=web,pod-template-hash=5d4f');
    assert.equal(formatLabelSelector({}), '<none>');
    assert.equal(formatLabelSelector(undefined), '<none>');
    assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }), '<error>');
  });
  it('gives Scale status.selector', () => {
    assert.equal(selectorToString({ matchLabels: { b: '2', a: '1' } }), 'a=1,b=2');
    assert.equal(selectorToString({}), '');
  });
});

describe('validateLabelSelector', () => {
  const msgs = (obj: Parameters<typeof validateLabelSelector>[0]) => validateLabelSelector(obj, path('spec', 'selector')).map(errorString);

  it('accepts a good selector', () => {
    assert.deepEqual(msgs({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'x', operator: 'Exists' }] }), []);
  });
  it('In/NotIn need values; Exists/DoesNotExist forbid them', () => {
    assert.deepEqual(
      msgs({
        matchExpressions: [
          { key: 'a', operator: 'In', values: [] },
          { key: 'b', operator: 'Exists', values: ['x'] },
        ],
      }),
      [
        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
        "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      ],
    );
  });
  it('rejects unknown operators, bad keys and bad values', () => {
    assert.deepEqual(msgs({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }), [
      'spec.selector.matchExpressions[0].operator: Invalid value: "Gt": not a valid selector operator',
    ]);
    const errs = msgs({ matchLabels: { 'bad key': 'ok', good: '-bad' }, matchExpressions: [{ key: 'k', operator: 'In', values: ['x y'] }] });
    assert.equal(errs.length, 3);
    assert.match(errs[0]!, /^spec\.selector\.matchLabels: Invalid value: "bad key": name part must consist of/);
    assert.match(errs[1]!, /^spec\.selector\.matchLabels: Invalid value: "-bad": a valid label must be an empty string/);
    assert.match(errs[2]!, /^spec\.selector\.matchExpressions\[0\]\.values\[0\]: Invalid value: "x y": a valid label/);
    assert.equal(validateLabelSelector({ matchExpressions: [{ key: 'k', operator: 'In', values: ['x y'] }] }, path('s'), { allowInvalidLabelValueInSelector: true }).length, 0);
  });
});
