// Properties: printing then parsing gives an equivalent selector, and matching agrees with a
// straightforward evaluator written from the Kubernetes docs, over random selectors and labels.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseFieldSelector, parseLabelSelector } from './index.ts';

type Op = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | '>' | '<';
interface GenRequirement {
  key: string;
  op: Op;
  values: string[];
}

// A small alphabet so that generated labels often hit the selector's keys and values.
const key = fc.constantFrom('a', 'b', 'app', 'example.com/tier', 'x-y', 'in', 'notin');
const value = fc.constantFrom('', 'a', 'b', 'web', '1', '2', '10', 'in');
const requirement: fc.Arbitrary<GenRequirement> = fc.oneof(
  fc.record({ key, op: fc.constantFrom<Op>('=', '==', '!='), values: value.map((v) => [v]) }),
  fc.record({ key, op: fc.constantFrom<Op>('in', 'notin'), values: fc.array(value, { minLength: 1, maxLength: 3 }) }),
  fc.record({ key, op: fc.constantFrom<Op>('exists', '!'), values: fc.constant<string[]>([]) }),
  fc.record({ key, op: fc.constantFrom<Op>('>', '<'), values: fc.constantFrom('0', '1', '5').map((v) => [v]) }),
);
const space = fc.constantFrom('', ' ', '  ', '\t');
const labels = fc.dictionary(key, value, { maxKeys: 5 });

function render(r: GenRequirement, s: string): string {
  switch (r.op) {
    case 'exists':
      return `${s}${r.key}${s}`;
    case '!':
      return `${s}!${r.key}${s}`;
    case 'in':
    case 'notin':
      return `${s}${r.key} ${r.op}${s}(${r.values.join(`${s},${s}`)})${s}`;
    default:
      return `${s}${r.key}${s}${r.op}${r.values[0]}${s}`;
  }
}

/** The documented meaning of each requirement, written independently of the parser. */
function reference(reqs: GenRequirement[], set: Record<string, string>): boolean {
  return reqs.every((r) => {
    const has = Object.hasOwn(set, r.key);
    const v = set[r.key];
    switch (r.op) {
      case '=':
      case '==':
      case 'in':
        return has && r.values.includes(v!);
      case '!=':
      case 'notin':
        return !has || !r.values.includes(v!);
      case 'exists':
        return has;
      case '!':
        return !has;
      case '>':
        return has && /^-?\d+$/.test(v!) && Number(v) > Number(r.values[0]);
      case '<':
        return has && /^-?\d+$/.test(v!) && Number(v) < Number(r.values[0]);
    }
  });
}

describe('label selector properties', () => {
  it('matches agree with the reference evaluator', () => {
    fc.assert(
      fc.property(fc.array(requirement, { maxLength: 5 }), space, labels, (reqs, s, set) => {
        const sel = parseLabelSelector(reqs.map((r) => render(r, s)).join(','));
        assert.equal(sel.matches(set), reference(reqs, set));
      }),
      { numRuns: 2000 },
    );
  });

  it('parse(print(s)) is equivalent to s', () => {
    fc.assert(
      fc.property(fc.array(requirement, { maxLength: 5 }), space, fc.array(labels, { minLength: 1, maxLength: 5 }), (reqs, s, sets) => {
        const sel = parseLabelSelector(reqs.map((r) => render(r, s)).join(','));
        const again = parseLabelSelector(sel.toString());
        assert.equal(again.toString(), sel.toString());
        assert.equal(again.empty, sel.empty);
        for (const set of sets) assert.equal(again.matches(set), sel.matches(set));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('field selector properties', () => {
  const fieldName = fc.constantFrom('metadata.name', 'metadata.namespace', 'spec.nodeName', 'status.phase');
  const fieldValue = fc.string({ unit: fc.constantFrom('a', 'b', ',', '=', '\\', '!', '-', ' '), maxLength: 6 });
  const term = fc.record({ field: fieldName, op: fc.constantFrom('=' as const, '!=' as const), value: fieldValue });

  it('parse(print(s)) keeps every term and its meaning', () => {
    fc.assert(
      fc.property(fc.array(term, { maxLength: 4 }), fc.dictionary(fieldName, fieldValue), (terms, object) => {
        const text = terms.map((t) => `${t.field}${t.op}${t.value.replace(/[\\,=]/g, (c) => `\\${c}`)}`).join(',');
        const sel = parseFieldSelector(text);
        const get = (f: string) => object[f];
        const expected = terms.every((t) => ((object[t.field] ?? '') === t.value) === (t.op === '='));
        assert.equal(sel.matches(get), expected);
        const again = parseFieldSelector(sel.toString());
        assert.deepEqual(again.requirements, sel.requirements);
      }),
      { numRuns: 1000 },
    );
  });
});
