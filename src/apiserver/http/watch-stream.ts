// One watch response: newline-delimited JSON events on a chunked HTTP response.
// Each watcher has its own bounded queue: when the client reads slower than events
// arrive, events wait in the queue while the socket drains; a watcher whose queue
// overflows is closed (the client re-lists and watches again), so one slow client never
// holds memory or delays the others. Serialized events are shared between watchers.
import type { ServerResponse } from 'node:http';

export interface WatchStreamOptions {
  /** Events that may wait for a slow client before it is cut off (initial events not counted). */
  maxQueuedEvents: number;
  /** Ends the watch after this long (timeoutSeconds, or the server's randomized default). */
  timeoutMs: number;
  /** Sends a BOOKMARK this often, when the client allowed bookmarks. */
  bookmarkIntervalMs: number | undefined;
  bookmark: () => string;
  onClose: () => void;
}

/** setTimeout fires at once for delays past 2^31-1 ms; a longer watch just runs that long. */
const maxTimerMs = 2 ** 31 - 1;

export class WatchStream {
  readonly #res: ServerResponse;
  readonly #opts: WatchStreamOptions;
  /** Lines not yet handed to the socket, oldest first. */
  #queue: string[] = [];
  /** How many lines at the head of the queue are initial events (exempt from the limit). */
  #initialQueued = 0;
  /** The socket refused the last write; lines wait for 'drain'. */
  #waiting = false;
  #closed = false;
  #timers: NodeJS.Timeout[] = [];

  constructor(res: ServerResponse, contentType: string, opts: WatchStreamOptions) {
    this.#res = res;
    this.#opts = opts;
    res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    res.on('drain', () => this.#flush());
    res.on('close', () => this.close());
    this.#timers.push(setTimeout(() => this.close(), Math.min(opts.timeoutMs, maxTimerMs)));
    if (opts.bookmarkIntervalMs) this.#timers.push(setInterval(() => this.send(opts.bookmark()), opts.bookmarkIntervalMs));
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Queues the events produced before the stream opened: the synthetic ADDEDs of a watch
   * from "now", or the replay from a resourceVersion. They are what the client asked for,
   * bounded like a list, so they never count against the queue limit (upstream's cacher
   * sends them outside the watcher's buffer too); only live events behind them do.
   */
  sendInitial(lines: readonly string[]): void {
    if (this.#closed || lines.length === 0) return;
    this.#queue.push(...lines);
    this.#initialQueued += lines.length;
    if (!this.#waiting) this.#flush();
  }

  /** Queues one serialized event line (without the newline). */
  send(line: string): void {
    if (this.#closed) return;
    if (this.#waiting || this.#queue.length > 0) {
      if (this.#queue.length - this.#initialQueued >= this.#opts.maxQueuedEvents) return this.close();
      this.#queue.push(line);
      return;
    }
    if (!this.#res.write(line + '\n')) this.#waiting = true;
  }

  #flush(): void {
    this.#waiting = false;
    let written = 0;
    while (written < this.#queue.length && !this.#closed) {
      const ok = this.#res.write(this.#queue[written++] + '\n');
      if (!ok) {
        this.#waiting = true;
        break;
      }
    }
    this.#queue.splice(0, written);
    this.#initialQueued = Math.max(0, this.#initialQueued - written);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#queue = [];
    this.#initialQueued = 0;
    this.#opts.onClose();
    if (!this.#res.writableEnded) this.#res.end();
  }
}

/** Shares the serialized form of an event between all watchers that send it. */
export class EventTextCache {
  #cache = new WeakMap<object, Map<string, string>>();

  get(obj: object, variant: string, render: () => string): string {
    let byVariant = this.#cache.get(obj);
    if (!byVariant) this.#cache.set(obj, (byVariant = new Map()));
    let text = byVariant.get(variant);
    if (text === undefined) byVariant.set(variant, (text = render()));
    return text;
  }
}
