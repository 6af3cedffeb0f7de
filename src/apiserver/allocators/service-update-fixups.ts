// The field fix-ups around Service allocation, from storage.go and strategy.go. They decide what
// "re-apply the same YAML" and "change the type" mean, so they are ported line by line.
import type { IPFamily } from './ip-address.ts';
import { familyOf } from './ip-address.ts';
import {
  clusterIPOf, clusterIPsOf, ClusterIPNone, hasSelector, healthCheckNodePortOf, ipFamiliesOf, needsClusterIP, needsHealthCheck,
  needsNodePort, nodePortOf, otherFamily, portsOf, sameStringList, specOf, type Service,
} from './service-fields.ts';
import { externallyAccessible } from '../../api/defaults/service.ts';

/**
 * normalizeClusterIPs: keeps clusterIP and clusterIPs in step. Old clients only know `clusterIP`;
 * on create it seeds `clusterIPs`, on update it follows the user's change of the singular field.
 */
export function normalizeClusterIPs(newSvc: Service, oldSvc: Service | undefined): void {
  const spec = specOf(newSvc);
  if (!oldSvc) {
    if (clusterIPOf(newSvc).length > 0 && clusterIPsOf(newSvc).length === 0) spec.clusterIPs = [clusterIPOf(newSvc)];
    return;
  }
  // An old client patching something else sent clusterIP but not clusterIPs.
  if (clusterIPsOf(oldSvc).length > 0 && clusterIPsOf(newSvc).length === 0 && clusterIPOf(oldSvc) === clusterIPOf(newSvc)) {
    spec.clusterIPs = [...clusterIPsOf(oldSvc)];
  }
  if (clusterIPOf(oldSvc) !== clusterIPOf(newSvc)) {
    if (clusterIPOf(oldSvc).length > 0 && clusterIPOf(newSvc).length === 0) {
      // Clearing the singular field clears the plural one on the user's behalf.
      if (sameStringList(clusterIPsOf(oldSvc), clusterIPsOf(newSvc))) delete spec.clusterIPs;
    } else if (sameStringList(clusterIPsOf(oldSvc), clusterIPsOf(newSvc))) {
      spec.clusterIPs = [clusterIPOf(newSvc)];
    }
  }
}

/**
 * patchAllocatedValues: lets clients resubmit the YAML they created the Service from. Values the
 * server allocated (clusterIP(s), nodePorts matched by port *name*, healthCheckNodePort) are
 * copied from the old object when the new one leaves them empty and both types still use them.
 */
export function patchAllocatedValues(newSvc: Service, oldSvc: Service): void {
  const spec = specOf(newSvc);
  if (needsClusterIP(oldSvc) && needsClusterIP(newSvc)) {
    if (clusterIPOf(newSvc) === '') {
      if (oldSvc.spec?.clusterIP !== undefined) spec.clusterIP = oldSvc.spec.clusterIP;
    }
    if (clusterIPsOf(newSvc).length === 0 && clusterIPsOf(oldSvc).length > 0) spec.clusterIPs = [...clusterIPsOf(oldSvc)];
  }

  if (needsNodePort(oldSvc) && needsNodePort(newSvc)) {
    const used = (svc: Service) => new Set(portsOf(svc).map(nodePortOf).filter((n) => n !== 0));
    const newUsed = used(newSvc);
    // Numbers in both objects cannot be patched in again (they already belong to a port).
    const taken = new Set([...used(oldSvc)].filter((n) => newUsed.has(n)));
    const byName = new Map<string, number>();
    for (const p of portsOf(oldSvc)) byName.set(typeof p.name === 'string' ? p.name : '', nodePortOf(p));
    for (const p of portsOf(newSvc)) {
      if (nodePortOf(p) !== 0) continue;
      // A name the old object lacks maps to 0 (Go's zero value), which patches nothing.
      const oldVal = byName.get(typeof p.name === 'string' ? p.name : '') ?? 0;
      if (!taken.has(oldVal) && oldVal !== 0) p.nodePort = oldVal;
    }
  }

  if (needsHealthCheck(oldSvc) && needsHealthCheck(newSvc) && healthCheckNodePortOf(newSvc) === 0) {
    const old = healthCheckNodePortOf(oldSvc);
    if (old !== 0) spec.healthCheckNodePort = old;
  }
}

const sameNodePorts = (oldSvc: Service, newSvc: Service) => {
  // Users may add, remove or change ports as long as they add no net-new nodePort.
  const oldPorts = new Set(portsOf(oldSvc).map(nodePortOf).filter((n) => n !== 0));
  return portsOf(newSvc).map(nodePortOf).every((n) => n === 0 || oldPorts.has(n));
};

/**
 * dropTypeDependentFields (strategy.go PrepareForUpdate): on a type change, wipes the fields the
 * new type cannot use — but only those the user left as they were, so that a deliberate new value
 * still reaches validation and fails there.
 */
export function dropTypeDependentFields(newSvc: Service, oldSvc: Service): void {
  const spec = specOf(newSvc);
  if (needsClusterIP(oldSvc) && !needsClusterIP(newSvc)) {
    if (clusterIPOf(oldSvc) === clusterIPOf(newSvc) && sameStringList(oldSvc.spec?.clusterIPs, newSvc.spec?.clusterIPs)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (sameStringList(oldSvc.spec?.ipFamilies, newSvc.spec?.ipFamilies)) delete spec.ipFamilies;
    if ((oldSvc.spec?.ipFamilyPolicy ?? '') === (spec.ipFamilyPolicy ?? '')) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(oldSvc) && !needsNodePort(newSvc) && sameNodePorts(oldSvc, newSvc)) {
    for (const p of portsOf(newSvc)) delete p.nodePort;
  }
  if (needsHealthCheck(oldSvc) && !needsHealthCheck(newSvc) && healthCheckNodePortOf(oldSvc) === healthCheckNodePortOf(newSvc)) {
    delete spec.healthCheckNodePort;
  }
  if (oldSvc.spec?.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    const o = oldSvc.spec?.allocateLoadBalancerNodePorts;
    if (o != null && spec.allocateLoadBalancerNodePorts != null && o === spec.allocateLoadBalancerNodePorts) {
      delete spec.allocateLoadBalancerNodePorts;
    }
    if ((oldSvc.spec?.loadBalancerClass ?? null) === (spec.loadBalancerClass ?? null)) delete spec.loadBalancerClass;
  }
  if (externallyAccessible(oldSvc.spec ?? {}) && !externallyAccessible(spec) && (oldSvc.spec?.externalTrafficPolicy ?? '') === (spec.externalTrafficPolicy ?? '')) {
    delete spec.externalTrafficPolicy;
  }
  // Load-balancer de-provisioning is asynchronous, but users need not see that.
  if (spec.type !== 'LoadBalancer') {
    newSvc.status = { ...(newSvc.status && typeof newSvc.status === 'object' ? newSvc.status : {}), loadBalancer: {} };
  }
}

/** trimFieldsForDualStackDowngrade: switching the policy to SingleStack drops the secondary IP. */
export function trimFieldsForDualStackDowngrade(newSvc: Service, oldSvc: Service): void {
  const oldPolicy = oldSvc.spec?.ipFamilyPolicy;
  const oldIsDualStack = oldPolicy === 'RequireDualStack' || oldPolicy === 'PreferDualStack';
  if (!oldIsDualStack || newSvc.spec?.ipFamilyPolicy !== 'SingleStack') return;
  const spec = specOf(newSvc);
  if (clusterIPsOf(newSvc).length > 1) spec.clusterIPs = clusterIPsOf(newSvc).slice(0, 1);
  if (ipFamiliesOf(newSvc).length > 1) spec.ipFamilies = ipFamiliesOf(newSvc).slice(0, 1);
}

/**
 * defaultOnReadService (storage.go): fills the interlinked fields of objects stored before they
 * existed, and drops internalTrafficPolicy from ExternalName Services (upstream defaulted it there
 * by mistake and hides it on read). The registry applies it to everything it returns.
 */
export function defaultOnReadService(svc: Service, primaryFamily: IPFamily = 'IPv4'): void {
  if (!svc || typeof svc !== 'object') return;
  normalizeClusterIPs(svc, undefined);
  const spec = specOf(svc);
  if (needsClusterIP(svc) && ipFamiliesOf(svc).length === 0) {
    if (clusterIPOf(svc) === ClusterIPNone) {
      if (!hasSelector(svc)) {
        spec.ipFamilyPolicy = 'RequireDualStack';
        spec.ipFamilies = [primaryFamily, otherFamily(primaryFamily)];
      } else {
        spec.ipFamilyPolicy = 'SingleStack';
        spec.ipFamilies = [primaryFamily];
      }
    } else {
      spec.ipFamilies = clusterIPsOf(svc).map((ip) => (familyOf(ip) === 'IPv6' ? 'IPv6' : 'IPv4'));
      if (spec.ipFamilies.length === 1) spec.ipFamilyPolicy = 'SingleStack';
      else if (spec.ipFamilies.length === 2) spec.ipFamilyPolicy = 'RequireDualStack';
      else delete spec.ipFamilies;
    }
  }
  if (spec.type === 'ExternalName') delete spec.internalTrafficPolicy;
}
