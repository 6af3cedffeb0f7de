// Every controller `portico up` and `portico controllers` run, in start order.
import type { ControllerFactory } from './controller.ts';
import { schedulerController } from './scheduler/index.ts';
import { nodeLifecycleController } from './nodelifecycle/index.ts';
import { endpointSliceController } from './endpointslice/index.ts';
import { endpointsController } from './endpoints/index.ts';
import { endpointSliceMirroringController } from './endpointslice-mirroring/index.ts';
import { deploymentController } from './deployment/index.ts';
import { replicaSetController } from './replicaset/index.ts';

export const allControllers: ControllerFactory[] = [
  schedulerController(),
  nodeLifecycleController(),
  endpointSliceController,
  endpointsController,
  endpointSliceMirroringController,
  deploymentController,
  replicaSetController,
];
