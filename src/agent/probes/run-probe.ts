// One probe attempt against a container, dispatched on the handler the probe names (upstream
// prober.runProbe). Never throws: every problem is an outcome.
import type { ContainerPort } from 'kubernetes-types/core/v1.js';
import type { ProbeTarget } from '../contracts.ts';
import { execProbe } from './exec-probe.ts';
import { grpcProbe } from './grpc-probe.ts';
import { httpProbe } from './http-probe.ts';
import { tcpProbe } from './tcp-probe.ts';
import type { ProbeOutcome, ResolvePort, RunProbeOptions, V1Probe } from './types.ts';

/** probe.timeoutSeconds with its API default (1); values below the API minimum act as 1. */
export function probeTimeoutSeconds(probe: V1Probe): number {
  return Math.max(1, probe.timeoutSeconds ?? 1);
}

/** A ResolvePort over a container's declared ports (findPortByName: the containerPort). */
export function containerPortResolver(container: { ports?: ReadonlyArray<Pick<ContainerPort, 'name' | 'containerPort'>> }): ResolvePort {
  return (port) => (typeof port === 'number' ? port : container.ports?.find((p) => p.name === port)?.containerPort);
}

/** upstream probe.ResolveContainerPort; throws with upstream's error text. */
export function resolveContainerPort(port: number | string, resolve: ResolvePort | undefined): number {
  let n: number | undefined;
  if (typeof port === 'number') n = port;
  else {
    n = resolve?.(port);
    if (n === undefined) {
      // Last ditch effort, as upstream: maybe it was an int stored as a string.
      if (!/^[+-]?\d+$/.test(port)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(port)}: invalid syntax`);
      n = Number(port);
    }
  }
  if (!(n > 0 && n < 65536)) throw new Error(`invalid port number: ${n}`);
  return n;
}

export async function runProbe(probe: V1Probe, target: ProbeTarget, opts: RunProbeOptions = {}): Promise<ProbeOutcome> {
  const timeoutSeconds = probeTimeoutSeconds(probe);
  try {
    if (probe.exec) return await execProbe(probe.exec.command ?? [], target, timeoutSeconds, opts.env);
    if (probe.httpGet) {
      const g = probe.httpGet;
      return await httpProbe({
        scheme: (g.scheme ?? 'HTTP').toLowerCase() || 'http',
        host: g.host || target.podIP,
        port: resolveContainerPort(g.port, opts.resolvePort),
        path: g.path ?? '',
        headers: g.httpHeaders ?? [],
        timeoutMs: timeoutSeconds * 1000,
      });
    }
    if (probe.tcpSocket) {
      const t = probe.tcpSocket;
      return await tcpProbe(t.host || target.podIP, resolveContainerPort(t.port, opts.resolvePort), timeoutSeconds * 1000);
    }
    if (probe.grpc) return await grpcProbe(target.podIP, probe.grpc.port, probe.grpc.service ?? '', timeoutSeconds);
    return { result: 'failure', message: 'missing probe handler', error: true };
  } catch (e) {
    // Port resolution and request construction errors: upstream's probe.Unknown with an error.
    return { result: 'failure', message: e instanceof Error ? e.message : String(e), error: true };
  }
}
