// kubectl get nodes: NAME STATUS ROLES AGE VERSION
//   [INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME] (upstream printNode).
import type { Node } from 'kubernetes-types/core/v1.js';
import * as docs from './docs.ts';
import { age, ageColumn, column, nameColumn, nameOf, printer } from './table.ts';

const labelNodeRolePrefix = 'node-role.kubernetes.io/';
const nodeLabelRole = 'kubernetes.io/role';

/** Ready / NotReady / Unknown (no Ready condition), plus SchedulingDisabled when cordoned. */
export function nodeStatus(node: Node): string {
  const status: string[] = [];
  // The last condition of a type wins, as upstream builds a map.
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready').at(-1);
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** findNodeRoles: `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role=<role>`, sorted. */
export function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(labelNodeRolePrefix)) {
      const role = k.slice(labelNodeRolePrefix.length);
      if (role) roles.add(role);
    } else if (k === nodeLabelRole && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort().join(',') || '<none>';
}

const address = (node: Node, type: string) => node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';

export const nodePrinter = printer<Node>({
  columns: [
    nameColumn(),
    column('Status', 'string', docs.node.status),
    column('Roles', 'string', docs.node.roles),
    ageColumn(),
    column('Version', 'string', docs.node.kubeletVersion),
    column('Internal-IP', 'string', docs.node.addresses, { priority: 1 }),
    column('External-IP', 'string', docs.node.addresses, { priority: 1 }),
    column('OS-Image', 'string', docs.node.osImage, { priority: 1 }),
    column('Kernel-Version', 'string', docs.node.kernelVersion, { priority: 1 }),
    column('Container-Runtime', 'string', docs.node.containerRuntimeVersion, { priority: 1 }),
  ],
  cells(node, ctx) {
    const info = node.status?.nodeInfo;
    return [
      nameOf(node),
      nodeStatus(node),
      nodeRoles(node),
      age(node, ctx),
      info?.kubeletVersion ?? '',
      address(node, 'InternalIP'),
      address(node, 'ExternalIP'),
      info?.osImage || '<unknown>',
      info?.kernelVersion || '<unknown>',
      info?.containerRuntimeVersion || '<unknown>',
    ];
  },
});
