// Where a container's logs live: stateDir/logs/<podUID>/<container>/<instance>.log, with at
// most one rotated part beside it (<instance>.log.1, the older bytes).
import fs from 'node:fs';
import path from 'node:path';

export const DEFAULT_LOG_LIMIT_BYTES = 10 * 1024 * 1024;

/** `<podUID>/<container>` -> stateDir/logs/<podUID>/<container>; refuses ids that escape. */
export function containerLogDir(stateDir: string, id: string): string {
  const parts = id.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) throw new Error(`invalid container id ${JSON.stringify(id)}`);
  return path.join(stateDir, 'logs', ...parts);
}

export function instanceLogPath(dir: string, instance: number): string {
  return path.join(dir, `${instance}.log`);
}

export function rotatedLogPath(logPath: string): string {
  return `${logPath}.1`;
}

/** The instances that have a log, oldest first. */
export function listInstances(dir: string): number[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const instances = new Set<number>();
  for (const name of names) {
    const m = /^(\d+)\.log(?:\.1)?$/.exec(name);
    if (m) instances.add(Number(m[1]));
  }
  return [...instances].sort((a, b) => a - b);
}

/** Deletes the logs of every instance older than `keepFrom` (the kubelet keeps only the previous one). */
export function pruneInstances(dir: string, keepFrom: number): void {
  for (const instance of listInstances(dir)) {
    if (instance >= keepFrom) continue;
    const file = instanceLogPath(dir, instance);
    fs.rmSync(file, { force: true });
    fs.rmSync(rotatedLogPath(file), { force: true });
  }
}
