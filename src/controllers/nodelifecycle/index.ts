// The node lifecycle controller: node health from Leases and status, condition taints,
// pods of lost nodes marked not ready and evicted after their tolerationSeconds.
export { nodeLifecycleController, defaultNodeLifecycleOptions, NodeLifecycleController, nodeLeaseNamespace, type NodeLifecycleOptions } from './controller.ts';
export { desiredTaints, reconcileTaints, notReadyKey, unreachableKey, unschedulableKey } from './taints.ts';
