// One watch request: newline-delimited JSON events from a chunked response.
import type { IncomingMessage } from 'node:http';
import type { Obj, ResourceClient } from './rest.ts';
import { errorFromResponse } from './rest.ts';

export interface WatchEvent<T = Obj> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

export interface WatchHandle {
  /** Resolves when the stream ends (server timeout, close, or error). */
  done: Promise<void>;
  close(): void;
}

export async function watch<T extends Obj>(client: ResourceClient<T>, namespace: string | undefined, query: Record<string, string | number | boolean | undefined>, onEvent: (e: WatchEvent<T>) => void): Promise<WatchHandle> {
  const res: IncomingMessage = await client.rest.open('GET', client.path(namespace), { query: { ...query, watch: true, allowWatchBookmarks: true } });
  if ((res.statusCode ?? 0) >= 300) {
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    throw errorFromResponse(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'));
  }
  res.setEncoding('utf8');
  let buffer = '';
  let closed = false;
  const done = new Promise<void>((resolve) => {
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.trim() && !closed) onEvent(JSON.parse(line) as WatchEvent<T>);
      }
    });
    res.on('end', () => resolve());
    res.on('close', () => resolve());
    res.on('error', () => resolve());
  });
  return {
    done,
    close() {
      closed = true;
      res.destroy();
    },
  };
}
