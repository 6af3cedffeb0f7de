// The log file being appended to. append() returns only once the frame is on stable
// storage (write + fdatasync), which is the moment the writes in it may be acknowledged.
import { open, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { fsyncDir, logPath, writeAll } from './wal-files.ts';

export class WalJournal {
  readonly path: string;
  readonly #fh: FileHandle;
  #size: number;

  private constructor(path: string, fh: FileHandle, size: number) {
    this.path = path;
    this.#fh = fh;
    this.#size = size;
  }

  /** Starts a new, empty log whose first record will have firstRevision. */
  static async create(dir: string, firstRevision: number): Promise<WalJournal> {
    const path = logPath(dir, firstRevision);
    // 'wx': a log with this name already existing means two writers or a recovery bug.
    const fh = await open(path, 'wx');
    try {
      // The file's directory entry must be durable before any write in it is acknowledged.
      await fsyncDir(dir);
    } catch (err) {
      // Leave no log behind that the store will not write to: recovery would expect
      // revisions from firstRevision on to be in it.
      await fh.close();
      await rm(path, { force: true });
      throw err;
    }
    return new WalJournal(path, fh, 0);
  }

  /**
   * Continues an existing log after recovery, first cutting a torn tail off at validLength
   * (synced, so a later crash cannot resurrect the garbage between old and new frames).
   */
  static async resume(path: string, validLength: number, truncate: boolean): Promise<WalJournal> {
    const fh = await open(path, 'r+');
    try {
      if (truncate) {
        await fh.truncate(validLength);
        await fh.sync();
      }
    } catch (err) {
      await fh.close();
      throw err;
    }
    await fh.close();
    // O_APPEND: every write lands at the end, whatever a failed earlier write left behind.
    return new WalJournal(path, await open(path, 'a'), validLength);
  }

  get size(): number {
    return this.#size;
  }

  async append(frame: Buffer): Promise<void> {
    await writeAll(this.#fh, frame);
    // fdatasync also persists the file size, which is all the metadata an append changes.
    await this.#fh.datasync();
    this.#size += frame.length;
  }

  async close(): Promise<void> {
    await this.#fh.close();
  }
}
