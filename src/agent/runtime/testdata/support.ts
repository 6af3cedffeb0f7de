// Helpers for the runtime's tests: a state directory per test, a marker in every test
// process's environment so leftovers can be found, and polling without timing assertions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { randomUUID } from 'node:crypto';
import type { ProcessRuntime } from '../../contracts.ts';

export const MARKER_VAR = 'PORTICO_RUNTIME_TEST';

export function newMarker(): string {
  return randomUUID();
}

export function tempStateDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'portico-runtime-'));
}

/** An environment for test containers: a usable PATH and the leftover marker. */
export function testEnv(marker: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: '/usr/local/bin:/usr/bin:/bin', [MARKER_VAR]: marker, ...extra };
}

/** Live (non-zombie) processes whose environment carries the marker. */
export function processesWithMarker(marker: string): number[] {
  const needle = `${MARKER_VAR}=${marker}`;
  const found: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state === 'Z' || state === 'X') continue;
      if (fs.readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(needle)) found.push(Number(name));
    } catch {}
  }
  return found;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds; fails after a generous deadline (a hang, not a slow machine). */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, deadlineMs = 20_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

export async function logText(rt: ProcessRuntime, id: string, opts: Parameters<ProcessRuntime['logs']>[1] = {}): Promise<string> {
  return text(rt.logs(id, opts));
}

export async function waitForLog(rt: ProcessRuntime, id: string, needle: string): Promise<void> {
  await waitFor(`${JSON.stringify(needle)} in the log of ${id}`, async () => (await logText(rt, id)).includes(needle));
}

export function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Asserts (by polling briefly, zombies take a moment to be reaped) that nothing is left. */
export async function assertNoLeftovers(marker: string): Promise<void> {
  await waitFor(`no processes left with marker ${marker} (found ${processesWithMarker(marker).join(', ')})`, () => processesWithMarker(marker).length === 0, 10_000);
}
