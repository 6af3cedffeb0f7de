// Go's standard library formats, because agnhost is a Go program and tests compare its exact
// output: log.Printf lines, %q, time.Duration, encoding/json, net/http header keys.

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** log.Printf to stderr: `2006/01/02 15:04:05 message` in local time, newline added if missing. */
export function goLog(message: string): void {
  const d = new Date();
  const stamp = `${d.getFullYear()}/${pad(d.getMonth() + 1)}/${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  process.stderr.write(`${stamp} ${message}${message.endsWith('\n') ? '' : '\n'}`);
}

/** log.Fatalf: logs and exits 1. */
export function goFatal(message: string): never {
  goLog(message);
  process.exit(1);
}

/** strconv.Quote (%q): printable characters as is, others escaped. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** strconv.Atoi, returning Go's error text on failure. */
export function goAtoi(s: string): number | { error: string } {
  if (/^[+-]?\d+$/.test(s)) {
    const n = Number(s);
    if (Number.isSafeInteger(n)) return n;
    return { error: `strconv.Atoi: parsing ${goQuote(s)}: value out of range` };
  }
  return { error: `strconv.Atoi: parsing ${goQuote(s)}: invalid syntax` };
}

const unitNanos: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** time.ParseDuration, in nanoseconds, or Go's error text. */
export function parseGoDuration(s: string): number | { error: string } {
  const orig = s;
  const invalid = { error: `time: invalid duration ${goQuote(orig)}` };
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s.startsWith('-') ? -1 : 1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return invalid;
  let total = 0;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (m[0] === '' || m[0] === '.' || (m[1] === '' && (m[2] ?? '') === '')) return invalid;
    s = s.slice(m[0].length);
    const u = /^[^\d.]+/.exec(s);
    if (!u) return { error: `time: missing unit in duration ${goQuote(orig)}` };
    const unit = unitNanos[u[0]];
    if (unit === undefined) return { error: `time: unknown unit ${goQuote(u[0])} in duration ${goQuote(orig)}` };
    s = s.slice(u[0].length);
    total += Number(`${m[1] || '0'}.${m[2] || '0'}`) * unit;
  }
  return sign * Math.round(total);
}

/** time.Duration.String for a duration in nanoseconds: 0s, 1.5s, 1m30s, 250ms, 1h0m0s. */
export function formatGoDuration(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let d = Math.abs(Math.round(ns));
  const trim = (x: string): string => x.replace(/\.?0+$/, '');
  let out: string;
  if (d < 1e3) out = `${d}ns`;
  else if (d < 1e6) out = `${trim((d / 1e3).toFixed(3))}µs`;
  else if (d < 1e9) out = `${trim((d / 1e6).toFixed(6))}ms`;
  else {
    const h = Math.floor(d / 3600e9);
    d -= h * 3600e9;
    const m = Math.floor(d / 60e9);
    d -= m * 60e9;
    const sec = `${trim((d / 1e9).toFixed(9))}s`.replace(/^s$/, '0s');
    out = h > 0 ? `${h}h${m}m${sec}` : m > 0 ? `${m}m${sec}` : sec;
  }
  return neg ? `-${out}` : out;
}

/** encoding/json.Marshal of string maps and lists: sorted keys, HTML-safe escapes, no spaces. */
export function goJson(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (typeof v === 'string') return v.toWellFormed();
    if (Array.isArray(v)) return v.map(sorted);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(sorted(value))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** textproto.CanonicalMIMEHeaderKey: `x-forwarded-for` → `X-Forwarded-For`. */
export function canonicalHeaderKey(k: string): string {
  return k.toLowerCase().replace(/(^|-)([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

/** Go's signal names (os.Signal.String) for the signals the programs handle. */
export const goSignalNames: Record<string, string> = { SIGTERM: 'terminated', SIGINT: 'interrupt', SIGQUIT: 'quit', SIGHUP: 'hangup' };
