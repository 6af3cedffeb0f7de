// Just enough of resource.Quantity for validation: exact comparison, sign, whole-unit checks,
// and the canonical String() form upstream puts in messages ("1.5" prints as "1500m",
// "1024Mi" as "1Gi"). Values are held as exact BigInt nano-units (rounded up, as the
// apiserver rounds to milli precision anyway). Malformed strings are rejected by the decoder
// before validation, so parseQuantity only returns undefined for them.

export interface Quantity {
  nanos: bigint;
  binary: boolean;
}

const binarySuffixes: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const decimalExp: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

export function parseQuantity(input: unknown): Quantity | undefined {
  if (typeof input === 'number') input = String(input);
  if (typeof input !== 'string') return undefined;
  const m = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/.exec(input.trim());
  if (!m) return undefined;
  const sign = m[1] === '-' ? -1n : 1n;
  const [intPart, fracPart = ''] = m[2]!.split('.');
  let num = BigInt((intPart || '0') + fracPart);
  let exp10 = -fracPart.length + 9; // nano-units
  const suffix = m[3] ?? '';
  let binary = false;
  if (suffix in binarySuffixes) {
    num *= binarySuffixes[suffix]!;
    binary = true;
  } else if (suffix.startsWith('e') || suffix.startsWith('E')) {
    exp10 += Number(suffix.slice(1));
  } else {
    exp10 += decimalExp[suffix]!;
  }
  let nanos: bigint;
  if (exp10 >= 0) nanos = num * 10n ** BigInt(exp10);
  else {
    const d = 10n ** BigInt(-exp10);
    nanos = num / d + (num % d === 0n ? 0n : 1n);
  }
  return { nanos: sign * nanos, binary };
}

export const cmpQuantity = (a: Quantity, b: Quantity) => (a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0);

const NANO = 1_000_000_000n;

/** Quantity.String(): largest suffix that keeps the number whole, in the quantity's format. */
export function formatQuantity(q: Quantity): string {
  const neg = q.nanos < 0n;
  const n = neg ? -q.nanos : q.nanos;
  const sign = neg ? '-' : '';
  if (n === 0n) return '0';
  if (q.binary && n % NANO === 0n) {
    const bytes = n / NANO;
    for (const s of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
      const f = binarySuffixes[s]!;
      if (bytes % f === 0n) return `${sign}${bytes / f}${s}`;
    }
    return `${sign}${bytes}`;
  }
  for (const [s, e] of [['E', 18], ['P', 15], ['T', 12], ['G', 9], ['M', 6], ['k', 3], ['', 0], ['m', -3], ['u', -6], ['n', -9]] as const) {
    const f = 10n ** BigInt(e + 9);
    if (n % f === 0n) return `${sign}${n / f}${s}`;
  }
  return `${sign}${n}n`;
}

export const quantityString = (input: unknown): string => {
  const q = parseQuantity(input);
  return q ? formatQuantity(q) : String(input);
};
