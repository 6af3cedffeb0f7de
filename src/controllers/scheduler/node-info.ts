// What the scheduler knows about one node at the moment it decides (upstream's NodeInfo):
// the node, the pods on it (including pods this scheduler bound that the informer has not
// shown bound yet), their summed requests and the host ports they hold.
import type { Obj } from '../../client/index.ts';
import { nonZeroRequests, podRequests, type Resources } from './resources.ts';

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

export interface NodeInfo {
  node: Obj;
  pods: Obj[];
  requested: Resources;
  nonZeroRequested: { cpu: number; memory: number };
  hostPorts: HostPort[];
}

/** Pods that have finished hold nothing on their node (the scheduler's informer skips them). */
export const isTerminal = (pod: Obj) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

/** Host ports of the containers and sidecars, with upstream's defaults 0.0.0.0 and TCP. */
export function hostPortsOf(pod: Obj): HostPort[] {
  const containers = [...(pod.spec?.containers ?? []), ...((pod.spec?.initContainers ?? []) as Obj[]).filter((c) => c.restartPolicy === 'Always')];
  const out: HostPort[] = [];
  for (const c of containers) {
    for (const p of (c.ports ?? []) as Array<{ hostPort?: number; hostIP?: string; protocol?: string }>) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  return out;
}

export function newNodeInfo(node: Obj): NodeInfo {
  return { node, pods: [], requested: new Map(), nonZeroRequested: { cpu: 0, memory: 0 }, hostPorts: [] };
}

export function addPod(info: NodeInfo, pod: Obj): void {
  info.pods.push(pod);
  for (const [k, v] of podRequests(pod)) info.requested.set(k, (info.requested.get(k) ?? 0) + v);
  const nz = nonZeroRequests(pod);
  info.nonZeroRequested.cpu += nz.cpu;
  info.nonZeroRequested.memory += nz.memory;
  info.hostPorts.push(...hostPortsOf(pod));
}

/** HostPortInfo.CheckConflict: 0.0.0.0 on either side conflicts with every address. */
export function hostPortConflicts(used: readonly HostPort[], want: HostPort): boolean {
  return used.some((u) => u.protocol === want.protocol && u.port === want.port && (want.ip === '0.0.0.0' || u.ip === '0.0.0.0' || u.ip === want.ip));
}
