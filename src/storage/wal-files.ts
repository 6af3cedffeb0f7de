// The data directory: which files exist, what their names mean, and the two primitives the
// durability argument leans on (fsync of a directory, atomic publish by rename).
//
//   LOCK                       pid of the process that has the directory open
//   log-<first revision>.wal   frames of write records, revisions first.. in order
//   snap-<revision>.snap       the whole state as of <revision>
//   *.tmp                      a snapshot being written; never trusted, removed on open
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

const LOG_NAME = /^log-(\d{16})\.wal$/;
const SNAPSHOT_NAME = /^snap-(\d{16})\.snap$/;

export interface DataFiles {
  /** Ascending by first revision. */
  logs: { firstRevision: number; path: string }[];
  /** Ascending by revision. */
  snapshots: { revision: number; path: string }[];
  temps: string[];
}

export function logPath(dir: string, firstRevision: number): string {
  return join(dir, `log-${pad(firstRevision)}.wal`);
}

export function snapshotPath(dir: string, revision: number): string {
  return join(dir, `snap-${pad(revision)}.snap`);
}

export async function listDataFiles(dir: string): Promise<DataFiles> {
  const files: DataFiles = { logs: [], snapshots: [], temps: [] };
  for (const name of await readdir(dir)) {
    const log = LOG_NAME.exec(name);
    const snap = SNAPSHOT_NAME.exec(name);
    if (log) files.logs.push({ firstRevision: Number(log[1]), path: join(dir, name) });
    else if (snap) files.snapshots.push({ revision: Number(snap[1]), path: join(dir, name) });
    else if (name.endsWith('.tmp')) files.temps.push(join(dir, name));
  }
  files.logs.sort((a, b) => a.firstRevision - b.firstRevision);
  files.snapshots.sort((a, b) => a.revision - b.revision);
  return files;
}

/**
 * Creates dir (and missing parents) durably: each new directory's entry is synced into its
 * parent, or a power loss right after the first acknowledged write could lose the whole
 * directory even though the log inside it was synced.
 */
export async function ensureDir(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true });
  if (created === undefined) return;
  const first = resolve(created);
  for (let d = resolve(dir); d !== dirname(d); d = dirname(d)) {
    await fsyncDir(dirname(d));
    if (d === first) break;
  }
}

/**
 * Makes creations, renames and removals of entries in dir durable. Without it a new log
 * file or a renamed snapshot can vanish on power loss even though its contents were synced.
 */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Publishes path with exactly `chunks` as contents, all or nothing: written to a temp file,
 * synced, renamed over the final name (atomic on POSIX), then the directory synced.
 */
export async function writeFileAtomic(dir: string, path: string, chunks: Iterable<Buffer>): Promise<void> {
  const tmp = `${path}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    for (const chunk of chunks) await writeAll(fh, chunk);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  await fsyncDir(dir);
}

export async function writeAll(fh: FileHandle, buf: Buffer): Promise<void> {
  // write(2) on a regular file may be short (a signal, a full disk): loop until done or error.
  for (let done = 0; done < buf.length; ) {
    const { bytesWritten } = await fh.write(buf, done, buf.length - done);
    done += bytesWritten;
  }
}

export async function removeFiles(paths: readonly string[]): Promise<void> {
  for (const p of paths) await rm(p, { force: true });
}

/**
 * An exclusive claim on the data directory. Two processes appending to one log would
 * interleave frames and corrupt it. A lock left by a killed process (its pid no longer
 * running) is taken over; that check is best effort (pid reuse), not a distributed lock.
 */
export class DirLock {
  readonly #path: string;
  private constructor(path: string) {
    this.#path = path;
  }

  static async acquire(dir: string): Promise<DirLock> {
    const path = join(dir, 'LOCK');
    for (let attempt = 0; ; attempt++) {
      try {
        await writeFile(path, `${process.pid}\n`, { flag: 'wx' });
        return new DirLock(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      }
      const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
        throw new Error(`wal: data directory ${dir} is in use by process ${holder} (remove ${path} if that is wrong)`);
      }
      await rm(path, { force: true });
    }
  }

  async release(): Promise<void> {
    await rm(this.#path, { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function pad(revision: number): string {
  return String(revision).padStart(16, '0');
}
