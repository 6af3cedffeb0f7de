// A container's environment, as the kubelet builds it (pkg/kubelet/kubelet_pods.go
// makeEnvironmentVariables): Service variables first (docker-link style), then the
// container's own env in order with $(VAR) expansion, fieldRefs resolved from the pod, and
// what a container runtime sets (HOSTNAME, PATH). POD_IP is added because process pods bind
// their own address and need to know it.
type Obj = Record<string, any>;

/** HOST, PORT and docker-link variables for one Service (pkg/kubelet/envvars). */
export function serviceEnv(svc: Obj): Array<[string, string]> {
  const ip = svc.spec?.clusterIP as string | undefined;
  const ports = (svc.spec?.ports ?? []) as Obj[];
  if (!ip || ip === 'None' || ports.length === 0) return [];
  const name = String(svc.metadata.name).toUpperCase().replace(/-/g, '_');
  const out: Array<[string, string]> = [
    [`${name}_SERVICE_HOST`, ip],
    [`${name}_SERVICE_PORT`, String(ports[0]!.port)],
  ];
  for (const p of ports) if (p.name) out.push([`${name}_SERVICE_PORT_${String(p.name).toUpperCase().replace(/-/g, '_')}`, String(p.port)]);
  const proto = (p: Obj) => String(p.protocol ?? 'TCP').toLowerCase();
  const first = ports[0]!;
  out.push([`${name}_PORT`, `${proto(first)}://${ip}:${first.port}`]);
  for (const p of ports) {
    const prefix = `${name}_PORT_${p.port}_${String(p.protocol ?? 'TCP').toUpperCase()}`;
    out.push([prefix, `${proto(p)}://${ip}:${p.port}`], [`${prefix}_PROTO`, proto(p)], [`${prefix}_PORT`, String(p.port)], [`${prefix}_ADDR`, ip]);
  }
  return out;
}

/**
 * The Services whose variables a pod sees: those of its namespace when enableServiceLinks
 * (default true), and always the `kubernetes` Service of `default` (the master service).
 */
export function visibleServices(pod: Obj, services: Obj[]): Obj[] {
  const links = pod.spec?.enableServiceLinks !== false;
  return services.filter(
    (s) => (links && s.metadata.namespace === pod.metadata.namespace) || (s.metadata.namespace === 'default' && s.metadata.name === 'kubernetes'),
  );
}

export class EnvError extends Error {}

/** $(VAR) expansion as kubelet's expansion.Expand: $$ escapes, unknown references stay as written. */
export function expand(text: string, vars: Map<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    return vars.get(name!) ?? m;
  });
}

function fieldRef(pod: Obj, path: string): string {
  const label = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (label) return pod.metadata[label[1]!]?.[label[2]!] ?? '';
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name;
    case 'metadata.namespace':
      return pod.metadata.namespace;
    case 'metadata.uid':
      return pod.metadata.uid;
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
      return pod.status?.hostIP ?? '';
    case 'status.hostIPs':
      return ((pod.status?.hostIPs ?? []) as Obj[]).map((x) => x.ip).join(',');
    case 'status.podIP':
      return pod.status?.podIP ?? '';
    case 'status.podIPs':
      return ((pod.status?.podIPs ?? []) as Obj[]).map((x) => x.ip).join(',');
    default:
      throw new EnvError(`unsupported fieldRef ${path}`);
  }
}

export interface EnvInputs {
  pod: Obj;
  container: Obj;
  services: Obj[];
  hostname: string;
}

/** The environment map for a container. Throws EnvError for references that cannot resolve. */
export function containerEnv({ pod, container, services, hostname }: EnvInputs): Record<string, string> {
  const vars = new Map<string, string>();
  for (const s of visibleServices(pod, services)) for (const [k, v] of serviceEnv(s)) vars.set(k, v);
  for (const from of (container.envFrom ?? []) as Obj[]) {
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref?.optional) throw new EnvError(`${from.configMapRef ? 'configmap' : 'secret'} "${ref?.name}" not found`);
  }
  for (const e of (container.env ?? []) as Obj[]) {
    if (e.valueFrom) {
      const vf = e.valueFrom as Obj;
      if (vf.fieldRef) vars.set(e.name, fieldRef(pod, vf.fieldRef.fieldPath));
      else if (vf.resourceFieldRef) vars.set(e.name, resourceField(container, vf.resourceFieldRef));
      else if (vf.configMapKeyRef || vf.secretKeyRef) {
        const ref = vf.configMapKeyRef ?? vf.secretKeyRef;
        if (!ref.optional) throw new EnvError(`${vf.configMapKeyRef ? 'configmap' : 'secret'} "${ref.name}" not found`);
      }
    } else {
      vars.set(e.name, expand(String(e.value ?? ''), vars));
    }
  }
  const env: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOSTNAME: hostname,
    HOME: '/root',
    POD_IP: pod.status?.podIP ?? '',
    POD_NAME: pod.metadata.name,
    POD_NAMESPACE: pod.metadata.namespace,
  };
  for (const [k, v] of vars) env[k] = v;
  return env;
}

/** resourceFieldRef with the container's own requests/limits (divisor 1). */
function resourceField(container: Obj, ref: Obj): string {
  const [kind, resource] = String(ref.resource).split('.');
  const value = container.resources?.[kind === 'limits' ? 'limits' : 'requests']?.[resource!];
  if (value === undefined) return resource === 'cpu' ? '1' : '0';
  return String(value);
}
