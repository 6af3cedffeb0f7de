// The runtime's memory across agent restarts: one JSON file per running container in
// stateDir/processes/, written atomically (temp file, fsync, rename) so a crash never leaves
// a torn record, and read back by adopt().
import fs from 'node:fs';
import path from 'node:path';

export interface ProcessRecord {
  id: string;
  instance: number;
  /** The container's own pid (its process group and session id too). */
  pid: number;
  /** /proc/<pid>/stat start time, so a recycled pid is never taken for the container. */
  startTime: string;
  /** The monitor (a small sh that waits for the container and records its exit status). */
  monitorPid: number;
  monitorStartTime: string;
  startedAt: string;
  logPath: string;
  logLimitBytes: number;
  /** stateDir/run/<key>/<instance>: the FIFOs and the exit file. */
  runDir: string;
  /** Kept for exec: the container's environment and working directory. */
  env: Record<string, string>;
  cwd: string;
  isolated: boolean;
}

/** A file name for an id: `<podUID>/<container>` -> `<podUID>%2F<container>`. */
export function recordKey(id: string): string {
  return encodeURIComponent(id);
}

export class ProcessRecords {
  readonly dir: string;

  constructor(stateDir: string) {
    this.dir = path.join(stateDir, 'processes');
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  write(record: ProcessRecord): void {
    const file = path.join(this.dir, `${recordKey(record.id)}.json`);
    const tmp = `${file}.tmp-${process.pid}`;
    // 0600: the environment may hold values from Secrets.
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, JSON.stringify(record, null, 2));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  }

  delete(id: string): void {
    fs.rmSync(path.join(this.dir, `${recordKey(id)}.json`), { force: true });
  }

  list(): ProcessRecord[] {
    const records: ProcessRecord[] = [];
    for (const name of fs.readdirSync(this.dir)) {
      const file = path.join(this.dir, name);
      if (!name.endsWith('.json')) {
        // A temp file from a write that a crash interrupted.
        if (name.includes('.json.tmp-')) fs.rmSync(file, { force: true });
        continue;
      }
      try {
        records.push(JSON.parse(fs.readFileSync(file, 'utf8')) as ProcessRecord);
      } catch {
        fs.rmSync(file, { force: true });
      }
    }
    return records;
  }
}
