// The CRI container log format, as containerd writes it and the kubelet reads it:
//   <RFC3339Nano timestamp> <stdout|stderr> <F|P> <content>\n
// F ends a line; P is a piece of a line longer than the runtime's maximum line size, whose
// rest follows in the next record(s). Timestamps are written with nine fraction digits,
// as the kubelet prints them for `kubectl logs --timestamps` (RFC3339NanoFixed).

export type LogStream = 'stdout' | 'stderr';

export interface LogEntry {
  /** The timestamp exactly as written (printed as is for --timestamps). */
  timestamp: string;
  /** Nanoseconds since the epoch, for --since-time / --since. */
  timeNs: bigint;
  stream: LogStream;
  partial: boolean;
  content: Buffer;
}

let wallAnchorNs = BigInt(Date.now()) * 1_000_000n;
let hrAnchor = process.hrtime.bigint();

/** The current time in nanoseconds: the wall clock, refined by the monotonic clock. */
export function nowNs(): bigint {
  const now = wallAnchorNs + (process.hrtime.bigint() - hrAnchor);
  const wall = BigInt(Date.now()) * 1_000_000n;
  // Follow wall-clock steps (NTP) instead of drifting away from them.
  if (now - wall > 5_000_000n || wall - now > 5_000_000n) {
    wallAnchorNs = wall;
    hrAnchor = process.hrtime.bigint();
    return wall;
  }
  return now;
}

/** 1700000000123456789n -> "2023-11-14T22:13:20.123456789Z" */
export function formatTimestamp(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const seconds = new Date(ms).toISOString().slice(0, 19);
  const fraction = (ns % 1_000_000_000n).toString().padStart(9, '0');
  return `${seconds}.${fraction}Z`;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

/** Parses an RFC 3339 timestamp with up to nanosecond precision; undefined if malformed. */
export function parseTimestamp(text: string): bigint | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}${m[3]!.toUpperCase()}`);
  if (Number.isNaN(ms)) return undefined;
  return BigInt(ms) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/** One record of the log file. */
export function formatEntry(timestamp: string, stream: LogStream, partial: boolean, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${timestamp} ${stream} ${partial ? 'P' : 'F'} `), content, NEWLINE]);
}

const NEWLINE = Buffer.from('\n');

/** Parses one record (without its newline); undefined for a malformed record. */
export function parseEntry(line: Buffer): LogEntry | undefined {
  const sp1 = line.indexOf(0x20);
  if (sp1 < 0) return undefined;
  const sp2 = line.indexOf(0x20, sp1 + 1);
  if (sp2 < 0) return undefined;
  const timestamp = line.subarray(0, sp1).toString('latin1');
  const stream = line.subarray(sp1 + 1, sp2).toString('latin1');
  if (stream !== 'stdout' && stream !== 'stderr') return undefined;
  const timeNs = parseTimestamp(timestamp);
  if (timeNs === undefined) return undefined;
  // The tag may carry more flags separated by ':' in later CRI versions; P is the only one.
  const sp3 = line.indexOf(0x20, sp2 + 1);
  const tag = line.subarray(sp2 + 1, sp3 < 0 ? line.length : sp3).toString('latin1');
  const content = sp3 < 0 ? Buffer.alloc(0) : line.subarray(sp3 + 1);
  return { timestamp, timeNs, stream, partial: tag.split(':').includes('P'), content };
}

/** Splits a buffer of records into entries, skipping malformed ones (a torn last line included). */
export function parseEntries(data: Buffer): LogEntry[] {
  const entries: LogEntry[] = [];
  let start = 0;
  while (start < data.length) {
    const end = data.indexOf(0x0a, start);
    if (end < 0) break;
    const entry = parseEntry(data.subarray(start, end));
    if (entry) entries.push(entry);
    start = end + 1;
  }
  return entries;
}

/** What `kubectl logs` shows for an entry: the content, a newline for F, the timestamp if asked. */
export function renderEntry(entry: LogEntry, timestamps: boolean): Buffer {
  const parts: Buffer[] = [];
  if (timestamps) parts.push(Buffer.from(`${entry.timestamp} `));
  parts.push(entry.content);
  if (!entry.partial) parts.push(NEWLINE);
  return Buffer.concat(parts);
}
