// Container restart back-off as the kubelet does it: the first restart is immediate, then
// 10 s, doubling to at most 5 minutes; a container that ran 10 minutes starts over.
export const initialBackoffMs = 10_000;
export const maxBackoffMs = 300_000;
const resetAfterMs = 600_000;

export class RestartBackoff {
  #delayMs = 0;

  /** Called when a container exits after running `ranMs`; returns how long to wait before restarting. */
  next(ranMs: number): number {
    if (ranMs >= resetAfterMs) this.#delayMs = 0;
    const wait = this.#delayMs;
    this.#delayMs = wait === 0 ? initialBackoffMs : Math.min(wait * 2, maxBackoffMs);
    return wait;
  }
}
