import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatEntry, formatTimestamp, parseEntries, parseEntry, parseTimestamp, renderEntry } from './cri-log.ts';

describe('CRI log format', () => {
  it('writes timestamps in RFC 3339 with nine fraction digits, as kubectl --timestamps shows them', () => {
    assert.equal(formatTimestamp(1_700_000_000_123_456_789n), '2023-11-14T22:13:20.123456789Z');
    assert.equal(formatTimestamp(1_700_000_000_000_000_000n), '2023-11-14T22:13:20.000000000Z');
  });

  it('parses RFC 3339 timestamps with any precision and offset', () => {
    assert.equal(parseTimestamp('2023-11-14T22:13:20.123456789Z'), 1_700_000_000_123_456_789n);
    assert.equal(parseTimestamp('2023-11-14T22:13:20Z'), 1_700_000_000_000_000_000n);
    assert.equal(parseTimestamp('2023-11-14T23:13:20.5+01:00'), 1_700_000_000_500_000_000n);
    assert.equal(parseTimestamp('yesterday'), undefined);
  });

  it('round-trips a record: timestamp, stream, tag, content', () => {
    const line = formatEntry('2023-11-14T22:13:20.123456789Z', 'stderr', false, Buffer.from('hello world'));
    assert.equal(line.toString(), '2023-11-14T22:13:20.123456789Z stderr F hello world\n');
    const entry = parseEntry(line.subarray(0, -1))!;
    assert.equal(entry.stream, 'stderr');
    assert.equal(entry.partial, false);
    assert.equal(entry.content.toString(), 'hello world');
  });

  it('renders partial records without a newline and full ones with one', () => {
    const data = Buffer.from(
      '2023-11-14T22:13:20.000000001Z stdout P abc\n2023-11-14T22:13:20.000000002Z stdout F def\nnot a record\n2023-11-14T22:13:20.000000003Z stdout F torn',
    );
    const entries = parseEntries(data);
    assert.equal(entries.length, 2);
    assert.equal(Buffer.concat(entries.map((e) => renderEntry(e, false))).toString(), 'abcdef\n');
    assert.equal(
      Buffer.concat(entries.map((e) => renderEntry(e, true))).toString(),
      '2023-11-14T22:13:20.000000001Z abc2023-11-14T22:13:20.000000002Z def\n',
    );
  });
});
