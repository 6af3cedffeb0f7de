// NodePort and health-check NodePort allocation for one Service (storage/alloc.go initNodePorts,
// updateNodePorts, allocHealthCheckNodePort, updateHealthCheckNodePort).
import { ApiError } from '../../api/errors.ts';
import { invalid } from '../../api/field.ts';
import { isAllocationError } from './allocation-errors.ts';
import {
  healthCheckNodePortOf, needsHealthCheck, needsNodePort, nodePortOf, ownedHealthCheckNodePort, ownedNodePorts, portsOf, serviceName,
  shouldAllocateNodePorts, specOf, type Service,
} from './service-fields.ts';
import type { AllocationOperation } from './transaction.ts';

type PortOp = AllocationOperation<number>;

function nodePortInvalid(svc: Service, index: number, port: number, message: string): ApiError {
  return ApiError.invalid('', 'Service', serviceName(svc), [invalid(`spec.ports[${index}].nodePort`, port, message)]);
}

function allocateRequested(svc: Service, op: PortOp, index: number, port: number): void {
  try {
    op.allocate(port);
  } catch (e) {
    if (isAllocationError(e)) throw nodePortInvalid(svc, index, port, e.message);
    throw e;
  }
}

function allocateAny(op: PortOp): number {
  try {
    return op.allocateNext();
  } catch (e) {
    // Not a field error (the field is fine) and not really internal either; upstream says 500.
    if (isAllocationError(e)) throw ApiError.internal(`failed to allocate a nodePort: ${e.message}`);
    throw e;
  }
}

/**
 * initNodePorts (create): ports that share a service port number share one nodePort — DNS on
 * 53/TCP and 53/UDP gets a single node port — and a nodePort requested on any of them is used
 * for all. With allocateLoadBalancerNodePorts false only explicit requests are honoured.
 */
export function initNodePorts(svc: Service, op: PortOp): void {
  const bySvcPort = new Map<unknown, number>();
  const ports = portsOf(svc);
  ports.forEach((p, i) => {
    if (nodePortOf(p) === 0 && !shouldAllocateNodePorts(svc)) return;
    const already = bySvcPort.get(p.port) ?? 0;
    if (already === 0) {
      // Only later ports can hold a request for this number: earlier ones would be in the map.
      const requested = ports.find((q) => q.port === p.port && nodePortOf(q) !== 0);
      if (requested) {
        const np = nodePortOf(requested);
        allocateRequested(svc, op, i, np);
        p.nodePort = np;
        bySvcPort.set(p.port, np);
      } else {
        const np = allocateAny(op);
        p.nodePort = np;
        bySvcPort.set(p.port, np);
      }
    } else if (nodePortOf(p) !== already) {
      if (nodePortOf(p) === 0) p.nodePort = already;
      else allocateRequested(svc, op, i, nodePortOf(p));
    }
  });
}

/**
 * updateNodePorts (update to NodePort/LoadBalancer): keeps nodePorts the old object held,
 * reserves newly requested ones, allocates the missing ones, and releases (on commit) the old
 * ones no longer used.
 */
export function updateNodePorts(newSvc: Service, oldSvc: Service, op: PortOp): void {
  const oldNumbers = ownedNodePorts(oldSvc);
  const reservedHere = new Set<number>();
  const seen: { protocol: string; nodePort: number }[] = [];
  portsOf(newSvc).forEach((p, i) => {
    if (nodePortOf(p) === 0 && !shouldAllocateNodePorts(newSvc)) return;
    const protocol = typeof p.protocol === 'string' ? p.protocol : 'TCP';
    let np = nodePortOf(p);
    if (np !== 0) {
      if (!oldNumbers.includes(np) && !reservedHere.has(np)) {
        allocateRequested(newSvc, op, i, np);
        reservedHere.add(np);
      }
    } else {
      np = allocateAny(op);
      p.nodePort = np;
    }
    // The same number twice on one protocol (fmt %v of ServiceNodePort: "{TCP 30080}").
    if (seen.some((s) => s.protocol === protocol && s.nodePort === np)) throw ApiError.internal(`duplicate nodePort: {${protocol} ${np}}`);
    seen.push({ protocol, nodePort: np });
  });
  const newNumbers = new Set(portsOf(newSvc).map(nodePortOf).filter((n) => n !== 0));
  for (const n of oldNumbers) if (!newNumbers.has(n)) op.releaseDeferred(n);
}

/** allocHealthCheckNodePort: the requested one or any; errors are 500s, as upstream. */
export function allocHealthCheckNodePort(svc: Service, op: PortOp): void {
  const requested = healthCheckNodePortOf(svc);
  if (requested !== 0) {
    try {
      op.allocate(requested);
    } catch (e) {
      if (isAllocationError(e)) throw ApiError.internal(`failed to allocate requested HealthCheck NodePort ${requested}: ${e.message}`);
      throw e;
    }
    return;
  }
  try {
    specOf(svc).healthCheckNodePort = op.allocateNext();
  } catch (e) {
    // Upstream prints the (still zero) port it failed to get.
    if (isAllocationError(e)) throw ApiError.internal(`failed to allocate a HealthCheck NodePort 0: ${e.message}`);
    throw e;
  }
}

/** updateHealthCheckNodePort: allocate when LB+Local starts, release (on commit) when it ends. */
export function updateHealthCheckNodePort(newSvc: Service, oldSvc: Service, op: PortOp): void {
  const needed = needsHealthCheck(oldSvc);
  const needs = needsHealthCheck(newSvc);
  if (!needed && needs) allocHealthCheckNodePort(newSvc, op);
  else if (needed && !needs) {
    const old = ownedHealthCheckNodePort(oldSvc);
    if (old !== 0) op.releaseDeferred(old);
  }
}

/** txnUpdateNodePorts minus the transaction plumbing. */
export function updateServiceNodePorts(newSvc: Service, oldSvc: Service, op: PortOp): void {
  if (needsNodePort(oldSvc) && !needsNodePort(newSvc)) {
    for (const n of ownedNodePorts(oldSvc)) op.releaseDeferred(n);
  }
  if (needsNodePort(newSvc)) updateNodePorts(newSvc, oldSvc, op);
  updateHealthCheckNodePort(newSvc, oldSvc, op);
}

/** Every node port a stored Service holds (nodePorts and health-check port), each number once. */
export function heldNodePorts(svc: Service): number[] {
  const out = new Set(ownedNodePorts(svc));
  const hc = ownedHealthCheckNodePort(svc);
  if (hc !== 0) out.add(hc);
  return [...out];
}
