// Helpers shared by the tests of every module (not used by the product itself).

/**
 * Polls `check` until it returns something truthy and returns that; fails after `ms` with
 * `what` and the last error `check` threw, so a timeout says what never happened.
 */
export async function eventually<T>(
  check: () => Promise<T | undefined | false | null> | T | undefined | false | null,
  ms = 10_000,
  what = 'condition',
  pollMs = 20,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
