// SetDefaults_Service (pkg/apis/core/v1/defaults.go). IP families are not defaulted here:
// upstream fills them in the registry, together with ClusterIP allocation.
type Obj = Record<string, any>;

/** Type NodePort or LoadBalancer, or ClusterIP with externalIPs (upstream ExternallyAccessible). */
export function externallyAccessible(spec: Obj): boolean {
  return spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && (spec.externalIPs?.length ?? 0) > 0);
}

export function defaultService(svc: Obj): void {
  const spec: Obj = svc.spec && typeof svc.spec === 'object' ? svc.spec : (svc.spec = {});
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds == null) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  if (!spec.type) spec.type = 'ClusterIP';
  for (const port of Array.isArray(spec.ports) ? (spec.ports as Obj[]) : []) {
    if (!port || typeof port !== 'object') continue;
    if (!port.protocol) port.protocol = 'TCP';
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '') port.targetPort = port.port;
  }
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (spec.internalTrafficPolicy == null && (spec.type === 'NodePort' || spec.type === 'LoadBalancer' || spec.type === 'ClusterIP')) {
    spec.internalTrafficPolicy = 'Cluster';
  }
  if (spec.type === 'LoadBalancer') {
    if (spec.allocateLoadBalancerNodePorts == null) spec.allocateLoadBalancerNodePorts = true;
    for (const ing of (svc.status?.loadBalancer?.ingress ?? []) as Obj[]) {
      if (ing.ip && ing.ipMode == null) ing.ipMode = 'VIP';
    }
  }
}
