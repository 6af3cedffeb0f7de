/**
 * @module Go string ordering. Go compares strings byte by byte in UTF-8, which is code point
 * order; JavaScript's `<` compares UTF-16 units, which differs for characters above U+FFFF.
 * Selectors print in sorted order, so the two must agree.
 */

export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}
