// The resolver settings kubelet gives a pod (pkg/kubelet/network/dns): ClusterFirst points at
// the cluster DNS Service with the namespace search path and ndots:5; Default copies the
// host's resolv.conf; None uses only dnsConfig; dnsConfig is merged in every case.
import { readFileSync } from 'node:fs';
import type { DnsSettings } from './etc-files.ts';

type Obj = Record<string, any>;

export function hostResolvConf(path = '/etc/resolv.conf'): DnsSettings {
  const out: DnsSettings = { nameservers: [], searches: [], options: [] };
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    const [key, ...rest] = line.trim().split(/\s+/);
    if (key === 'nameserver' && rest[0]) out.nameservers.push(rest[0]);
    else if (key === 'search' || key === 'domain') out.searches = rest;
    else if (key === 'options') out.options.push(...rest);
  }
  return out;
}

export function podDnsSettings(pod: Obj, clusterDNS: string[], clusterDomain: string, host: DnsSettings): DnsSettings {
  const policy = pod.spec?.dnsPolicy ?? 'ClusterFirst';
  const hostNetwork = pod.spec?.hostNetwork === true;
  let base: DnsSettings;
  if (policy === 'None') base = { nameservers: [], searches: [], options: [] };
  else if (policy === 'Default' || (policy === 'ClusterFirst' && hostNetwork) || clusterDNS.length === 0) base = { ...host };
  else {
    const ns = pod.metadata.namespace;
    base = {
      nameservers: clusterDNS,
      searches: [`${ns}.svc.${clusterDomain}`, `svc.${clusterDomain}`, clusterDomain, ...host.searches],
      options: ['ndots:5'],
    };
  }
  const cfg = pod.spec?.dnsConfig as Obj | undefined;
  if (cfg) {
    base = {
      nameservers: [...new Set([...base.nameservers, ...((cfg.nameservers ?? []) as string[])])].slice(0, 3),
      searches: [...new Set([...base.searches, ...((cfg.searches ?? []) as string[])])].slice(0, 32),
      options: mergeOptions(base.options, (cfg.options ?? []) as Obj[]),
    };
  }
  return base;
}

function mergeOptions(base: string[], extra: Obj[]): string[] {
  const byName = new Map(base.map((o) => [o.split(':')[0]!, o]));
  for (const o of extra) byName.set(o.name, o.value !== undefined ? `${o.name}:${o.value}` : o.name);
  return [...byName.values()];
}
