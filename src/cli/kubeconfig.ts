// The kubeconfig `portico up` writes: one cluster, user and context, all named `portico`.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'yaml';

export function kubeconfigYaml(serverUrl: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'portico', cluster: { server: serverUrl } }],
    users: [{ name: 'portico', user: {} }],
    contexts: [{ name: 'portico', context: { cluster: 'portico', user: 'portico', namespace: 'default' } }],
    'current-context': 'portico',
    preferences: {},
  });
}

export async function writeKubeconfig(path: string, serverUrl: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, kubeconfigYaml(serverUrl), { mode: 0o600 });
}
