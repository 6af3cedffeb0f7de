// kubectl get rs: NAME DESIRED CURRENT READY AGE [CONTAINERS IMAGES SELECTOR] (upstream printReplicaSet).
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import * as docs from './docs.ts';
import { formatLabelSelector } from './labels.ts';
import { age, ageColumn, column, containerCells, nameColumn, nameOf, printer } from './table.ts';

export const replicaSetPrinter = printer<ReplicaSet>({
  columns: [
    nameColumn(),
    column('Desired', 'integer', docs.replicaSet.specReplicas),
    column('Current', 'integer', docs.replicaSet.statusReplicas),
    column('Ready', 'integer', docs.replicaSet.readyReplicas),
    ageColumn(),
    column('Containers', 'string', docs.containers.names, { priority: 1 }),
    column('Images', 'string', docs.containers.images, { priority: 1 }),
    column('Selector', 'string', docs.replicaSet.selector, { priority: 1 }),
  ],
  cells(rs, ctx) {
    const [names, images] = containerCells(rs.spec?.template?.spec?.containers);
    return [
      nameOf(rs),
      rs.spec?.replicas ?? 1, // defaulted to 1 by the apiserver
      rs.status?.replicas ?? 0,
      rs.status?.readyReplicas ?? 0,
      age(rs, ctx),
      names,
      images,
      formatLabelSelector(rs.spec?.selector),
    ];
  },
});
