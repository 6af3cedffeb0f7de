// Facts about processes read from /proc: the start time that tells a live process from a
// recycled pid, and the signal numbers the kubelet's 128+n exit codes are made of.
import fs from 'node:fs';
import os from 'node:os';

/**
 * The process's start time (field 22 of /proc/<pid>/stat, clock ticks since boot), or
 * undefined when there is no such process or it is a zombie (dead, only waiting to be reaped).
 */
export function processStartTime(pid: number): string | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may itself hold spaces or ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = rest[0];
  if (state === 'Z' || state === 'X' || state === 'x') return undefined;
  return rest[19];
}

/** True when the pid still names the very process that had this start time. */
export function isSameProcessAlive(pid: number, startTime: string): boolean {
  return processStartTime(pid) === startTime;
}

/** Sends a signal to a whole process group; false when the group no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

const signalNames = new Map<number, string>(
  Object.entries(os.constants.signals).map(([name, num]) => [num as number, name]),
);

/** SIGKILL -> 9 */
export function signalNumber(name: string): number | undefined {
  return (os.constants.signals as Record<string, number>)[name];
}

/** 9 -> SIGKILL */
export function signalName(num: number): string | undefined {
  return signalNames.get(num);
}
