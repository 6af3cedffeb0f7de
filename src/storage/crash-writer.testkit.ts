// Child process for wal-crash.test.ts: opens a WalStore and writes as fast as it can from many
// concurrent workers until it is killed, printing one line per acknowledged write:
//   put <key> <revision> <value>      |      delete <key> <revision>
// A line is printed only after the write's promise resolved, so every printed line is a
// promise the store made. stdout to a pipe is synchronous on Linux: a printed line reaches
// the parent even if SIGKILL arrives right after.
import { StoreError } from './store.ts';
import type { KeyValue } from './store.ts';
import { WalStore } from './wal.ts';

const [dir, maxLogBytes] = process.argv.slice(2);
const store = await WalStore.open(dir!, { maxLogBytes: Number(maxLogBytes) });
const known = new Map<string, KeyValue>((await store.list('/k/')).items.map((kv) => [kv.key, kv]));
const print = (line: string) => process.stdout.write(`${line}\n`);
print('ready');

async function worker(): Promise<never> {
  for (;;) {
    const key = `/k/${String(Math.floor(Math.random() * 300)).padStart(3, '0')}`;
    const value = `${key}@${Math.random().toString(36).slice(2)}`;
    const current = known.get(key);
    try {
      if (current === undefined) {
        const kv = await store.create(key, value);
        known.set(key, kv);
        print(`put ${key} ${kv.modRevision} ${value}`);
      } else if (Math.random() < 0.75) {
        const kv = await store.update(key, value, current.modRevision);
        known.set(key, kv);
        print(`put ${key} ${kv.modRevision} ${value}`);
      } else {
        const kv = await store.delete(key, current.modRevision);
        known.delete(key);
        print(`delete ${key} ${kv.modRevision}`);
      }
    } catch (err) {
      // Another worker got there first: learn the key's state and go on.
      if (!(err instanceof StoreError)) throw err;
      if (err.current) known.set(key, err.current);
      else known.delete(key);
    }
  }
}

await Promise.all(Array.from({ length: 48 }, worker));
