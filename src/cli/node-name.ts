import { hostname } from 'node:os';

/** The machine's hostname as a Node name: lower case, and a DNS subdomain (k8s does the same). */
export function defaultNodeName(): string {
  const name = hostname().toLowerCase().replace(/[^a-z0-9.-]/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return name || 'portico';
}
