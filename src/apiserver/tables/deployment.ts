// kubectl get deploy: NAME READY UP-TO-DATE AVAILABLE AGE [CONTAINERS IMAGES SELECTOR] (upstream printDeployment).
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import * as docs from './docs.ts';
import { selectorStringOrInvalid } from './labels.ts';
import { age, ageColumn, column, containerCells, nameColumn, nameOf, printer } from './table.ts';

export const deploymentPrinter = printer<Deployment>({
  columns: [
    nameColumn(),
    column('Ready', 'string', docs.deployment.ready),
    column('Up-to-date', 'string', docs.deployment.updatedReplicas),
    column('Available', 'string', docs.deployment.availableReplicas),
    ageColumn(),
    column('Containers', 'string', docs.containers.names, { priority: 1 }),
    column('Images', 'string', docs.containers.images, { priority: 1 }),
    column('Selector', 'string', docs.deployment.selector, { priority: 1 }),
  ],
  cells(d, ctx) {
    const desired = d.spec?.replicas ?? 1; // defaulted to 1 by the apiserver
    const st = d.status ?? {};
    const [names, images] = containerCells(d.spec?.template?.spec?.containers);
    return [
      nameOf(d),
      `${st.readyReplicas ?? 0}/${desired}`,
      st.updatedReplicas ?? 0,
      st.availableReplicas ?? 0,
      age(d, ctx),
      names,
      images,
      // Upstream uses LabelSelectorAsSelector(...).String() here, not FormatLabelSelector:
      // an empty selector prints '' and an invalid one `<invalid>`.
      selectorStringOrInvalid(d.spec?.selector),
    ];
  },
});
