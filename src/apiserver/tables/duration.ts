// Human-readable durations, exactly as k8s.io/apimachinery/pkg/util/duration.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Go's int(d.Seconds()) and d/time.Second: truncation toward zero. */
const trunc = (ms: number, unit: number) => Math.trunc(ms / unit);

/**
 * duration.HumanDuration: ~2-3 significant figures. `ms` is the elapsed time in milliseconds.
 * 0s…119s, then 2m…9m59s (m+s), 10m…179m, 3h…7h59m (h+m), 8h…47h, 2d…7d23h (d+h), 8d…729d,
 * 2y…7y364d (y+d), then years. Slightly negative values (clock skew under 2s) are 0s.
 */
export function humanDuration(ms: number): string {
  const seconds = trunc(ms, SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = trunc(ms, MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = trunc(ms, HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const y = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** duration.ShortHumanDuration: one unit only (`41s`, `5m`, `3h`, `12d`, `2y`). */
export function shortHumanDuration(ms: number): string {
  const seconds = trunc(ms, SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = trunc(ms, MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = trunc(ms, HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** Milliseconds since the epoch for a metav1.Time / MicroTime string, or undefined for the zero time. */
export function parseTime(ts: string | null | undefined): number | undefined {
  if (!ts) return undefined;
  const t = Date.parse(ts);
  if (Number.isNaN(t)) return undefined;
  // Go's zero time (0001-01-01T00:00:00Z) counts as unset, as metav1.Time.IsZero does.
  if (ts.startsWith('0001-01-01T00:00:00')) return undefined;
  return t;
}

/** translateTimestampSince: HumanDuration(now - ts), or `<unknown>` for a zero/absent timestamp. */
export function translateTimestampSince(ts: string | null | undefined, now: Date): string {
  const t = parseTime(ts);
  if (t === undefined) return '<unknown>';
  return humanDuration(now.getTime() - t);
}
