// What a process pod cannot do without root, said where users look (events, status)
// instead of failing silently.
import { readFileSync } from 'node:fs';

type Obj = Record<string, any>;

/** The lowest port an unprivileged process may bind (net.ipv4.ip_unprivileged_port_start). */
export function unprivilegedPortStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8').trim());
  } catch {
    return 1024;
  }
}

const isRoot = () => process.getuid?.() === 0;

/**
 * Why this container may fail to bind its ports, or undefined when it can. Declared
 * container ports count, and nginx's port 80 when the image is the built-in nginx.
 */
export function privilegedPortProblem(container: Obj, builtinPorts: number[] = []): string | undefined {
  if (isRoot()) return undefined;
  const limit = unprivilegedPortStart();
  const ports = [...((container.ports ?? []) as Obj[]).map((p) => Number(p.containerPort)), ...builtinPorts];
  const low = ports.filter((p) => p > 0 && p < limit).sort((a, b) => a - b);
  if (low.length === 0) return undefined;
  return `container "${container.name}" uses port ${low.join(', ')}, below net.ipv4.ip_unprivileged_port_start (${limit}), and portico runs without root: the process may not bind it. Run portico as root, or set sysctl net.ipv4.ip_unprivileged_port_start=0`;
}
