// The /etc/hosts and /etc/resolv.conf a kubelet writes for each pod, so processes in a pod's
// own mount namespace see them. DNS fills in real nameservers in a later issue; until then
// resolv.conf carries the cluster DNS address and search path kubelet would write.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PodNames {
  name: string;
  namespace: string;
  hostname: string;
  subdomain?: string;
  podIP: string;
  hostAliases?: Array<{ ip: string; hostnames?: string[] }>;
}

/** kubelet's managed hosts file (pkg/kubelet/kubelet_pods.go managedHostsFileContent). */
export function hostsFile(p: PodNames, clusterDomain: string): string {
  const lines = [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
  ];
  lines.push(p.subdomain ? `${p.podIP}\t${p.hostname}.${p.subdomain}.${p.namespace}.svc.${clusterDomain}\t${p.hostname}` : `${p.podIP}\t${p.hostname}`);
  if (p.hostAliases?.length) {
    lines.push('', '# Entries added by HostAliases.');
    for (const a of p.hostAliases) lines.push(`${a.ip}\t${(a.hostnames ?? []).join('\t')}`);
  }
  return lines.join('\n') + '\n';
}

export interface DnsSettings {
  nameservers: string[];
  searches: string[];
  options: string[];
}

export function resolvConf(d: DnsSettings): string {
  const lines: string[] = [];
  if (d.searches.length) lines.push(`search ${d.searches.join(' ')}`);
  for (const ns of d.nameservers) lines.push(`nameserver ${ns}`);
  if (d.options.length) lines.push(`options ${d.options.join(' ')}`);
  return lines.join('\n') + '\n';
}

/** Writes both files for a pod and returns their paths. */
export function writePodEtc(dir: string, hosts: string, resolv: string): { hostsFile: string; resolvConfFile: string } {
  mkdirSync(dir, { recursive: true });
  const hostsPath = join(dir, 'hosts');
  const resolvPath = join(dir, 'resolv.conf');
  writeFileSync(hostsPath, hosts);
  writeFileSync(resolvPath, resolv);
  return { hostsFile: hostsPath, resolvConfFile: resolvPath };
}
