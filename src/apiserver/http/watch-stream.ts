// One watch response: newline-delimited JSON events on a chunked HTTP response.
// Each watcher has its own bounded queue: when the client reads slower than events
// arrive, events wait in the queue while the socket drains; a watcher whose queue
// overflows is closed (the client re-lists and watches again), so one slow client never
// holds memory or delays the others. Serialized events are shared between watchers.
import type { ServerResponse } from 'node:http';

export interface WatchStreamOptions {
  /** Events that may wait for a slow client before it is cut off. */
  maxQueuedEvents: number;
  /** Ends the watch after this long (timeoutSeconds, or the server's randomized default). */
  timeoutMs: number;
  /** Sends a BOOKMARK this often, when the client allowed bookmarks. */
  bookmarkIntervalMs: number | undefined;
  bookmark: () => string;
  onClose: () => void;
}

export class WatchStream {
  readonly #res: ServerResponse;
  readonly #opts: WatchStreamOptions;
  #queue: string[] = [];
  #closed = false;
  #timers: NodeJS.Timeout[] = [];

  constructor(res: ServerResponse, contentType: string, opts: WatchStreamOptions) {
    this.#res = res;
    this.#opts = opts;
    res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    res.on('drain', () => this.#flush());
    res.on('close', () => this.close());
    this.#timers.push(setTimeout(() => this.close(), opts.timeoutMs));
    if (opts.bookmarkIntervalMs) this.#timers.push(setInterval(() => this.send(opts.bookmark()), opts.bookmarkIntervalMs));
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Queues one serialized event line (without the newline). */
  send(line: string): void {
    if (this.#closed) return;
    if (this.#queue.length > 0) {
      if (this.#queue.length >= this.#opts.maxQueuedEvents) return this.close();
      this.#queue.push(line);
      return;
    }
    if (!this.#res.write(line + '\n')) this.#queue.push(''); // marks "wait for drain"
  }

  #flush(): void {
    const pending = this.#queue.filter((l) => l !== '');
    this.#queue = [];
    for (let i = 0; i < pending.length; i++) {
      if (!this.#res.write(pending[i] + '\n')) {
        this.#queue = ['', ...pending.slice(i + 1)];
        return;
      }
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#queue = [];
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
