import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SortedIndex } from './sorted-index.ts';

function keysFrom(index: SortedIndex<{ key: string }>, start: string, exclusive: boolean): string[] {
  const out: string[] = [];
  index.scan(start, exclusive, (e) => (out.push(e.key), true));
  return out;
}

describe('SortedIndex', () => {
  it('keeps keys ordered across chunk splits and removals, like a sorted array would', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 3000 })), { maxLength: 4000, size: 'max' }), (ops) => {
        const index = new SortedIndex<{ key: string }>();
        const model = new Set<string>();
        for (const [insert, n] of ops) {
          const key = `k${n}`;
          if (insert) assert.equal(index.insert({ key }), !model.has(key));
          else assert.equal(index.delete(key), model.has(key));
          if (insert) model.add(key);
          else model.delete(key);
        }
        const sorted = [...model].sort();
        assert.equal(index.size, sorted.length);
        assert.deepEqual(keysFrom(index, '', false), sorted);
        const probe = 'k15';
        assert.deepEqual(keysFrom(index, probe, false), sorted.filter((k) => k >= probe));
        assert.deepEqual(keysFrom(index, probe, true), sorted.filter((k) => k > probe));
      }),
      { numRuns: 40 },
    );
  });

  it('builds from unsorted entries, and stops a scan when visit returns false', () => {
    const index = SortedIndex.from([{ key: 'c' }, { key: 'a' }, { key: 'b' }]);
    assert.deepEqual(keysFrom(index, '', false), ['a', 'b', 'c']);
    assert.equal(index.size, 3);
    assert.equal(index.insert({ key: 'bb' }), true);
    assert.deepEqual(keysFrom(index, 'b', true), ['bb', 'c']);
    const seen: string[] = [];
    index.scan('a', false, (e) => (seen.push(e.key), seen.length < 2));
    assert.deepEqual(seen, ['a', 'b']);
  });
});
