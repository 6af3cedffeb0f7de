// kubectl get svc: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE [SELECTOR] (upstream printService).
import type { Service, ServicePort } from 'kubernetes-types/core/v1.js';
import * as docs from './docs.ts';
import { formatLabels } from './labels.ts';
import { age, ageColumn, column, nameColumn, nameOf, printer } from './table.ts';

/** loadBalancerStatusStringer (wide): ingress IPs, else hostnames, de-duplicated and sorted. */
function loadBalancerIngress(svc: Service): string[] {
  const set = new Set<string>();
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    if (ing.ip) set.add(ing.ip);
    else if (ing.hostname) set.add(ing.hostname);
  }
  return [...set].sort();
}

/** getServiceExternalIP (the server always prints wide, so nothing is clipped). */
export function serviceExternalIP(svc: Service): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIngress(svc);
      if (externalIPs.length > 0) return [...lb, ...externalIPs].join(',');
      return lb.length > 0 ? lb.join(',') : '<pending>';
    }
    case 'ExternalName':
      return svc.spec.externalName ?? '';
  }
  return '<unknown>';
}

/** makePortString: `port/PROTO` or `port:nodePort/PROTO`, joined by `,`. */
export function servicePorts(ports: readonly ServicePort[] | undefined): string {
  return (ports ?? [])
    .map((p) => {
      const proto = p.protocol ?? 'TCP';
      return p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${proto}` : `${p.port}/${proto}`;
    })
    .join(',');
}

export const servicePrinter = printer<Service>({
  columns: [
    nameColumn(),
    column('Type', 'string', docs.serviceSpec.type),
    column('Cluster-IP', 'string', docs.serviceSpec.clusterIP),
    column('External-IP', 'string', docs.serviceSpec.externalIPs),
    column('Port(s)', 'string', docs.serviceSpec.ports),
    ageColumn(),
    column('Selector', 'string', docs.serviceSpec.selector, { priority: 1 }),
  ],
  cells(svc, ctx) {
    // Upstream prints clusterIPs[0] (v1 -> internal conversion fills clusterIPs from clusterIP):
    // `None` for headless, `<none>` for ExternalName (no cluster IP).
    const clusterIP = svc.spec?.clusterIPs?.[0] ?? (svc.spec?.clusterIP || '<none>');
    return [
      nameOf(svc),
      svc.spec?.type ?? '',
      clusterIP,
      serviceExternalIP(svc),
      servicePorts(svc.spec?.ports) || '<none>',
      age(svc, ctx),
      formatLabels(svc.spec?.selector),
    ];
  },
});
