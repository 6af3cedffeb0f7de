// Whether containers can get their own hostname and /etc/hosts: root, Linux, the util-linux
// tools, and a kernel (or sandbox) that lets us create UTS and mount namespaces. The answer
// is probed once; when it is no, the reason goes into an Event so users know why.
import { spawnSync } from 'node:child_process';
import type { HostTools } from './tools.ts';

export interface IsolationStatus {
  ok: boolean;
  reason?: string;
}

export function probeIsolation(mode: 'auto' | 'none', tools: HostTools): IsolationStatus {
  if (mode === 'none') return { ok: false, reason: 'isolation is turned off (isolation: none)' };
  if (process.platform !== 'linux') return { ok: false, reason: `isolation needs Linux namespaces (this is ${process.platform})` };
  const uid = process.getuid?.();
  if (uid !== 0) return { ok: false, reason: `isolation needs root (the agent runs as uid ${uid}): containers share the node's hostname, /etc/hosts and /etc/resolv.conf` };
  for (const tool of ['unshare', 'nsenter', 'mount'] as const) {
    if (!tools[tool]) return { ok: false, reason: `isolation needs ${tool} (util-linux), which is not on the PATH` };
  }
  const probe = spawnSync(tools.unshare!, ['--uts', '--mount', '--propagation', 'private', '--', tools.sh, '-c', 'printf probe >/proc/sys/kernel/hostname'], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (probe.status !== 0) {
    const why = (probe.stderr || probe.error?.message || `exit status ${probe.status}`).trim();
    return { ok: false, reason: `cannot create UTS and mount namespaces: ${why}` };
  }
  return { ok: true };
}
