// The default scheduler: filters, scores and binds pods to nodes.
export { schedulerController, defaultSchedulerName, Scheduler, type SchedulerOptions } from './scheduler.ts';
export { runFilters, effectiveTaints, type NodeStatus } from './filters.ts';
export { unschedulableMessage, noNodesAvailable } from './fit-error.ts';
export { toleratesTaint, tolerationsTolerateTaint, findUntoleratedTaint, matchingTolerations, type Taint, type Toleration } from './tolerations.ts';
export { matchesNodeSelectorAndAffinity } from './node-affinity.ts';
export { updateCondition, rfc3339, type Condition } from './conditions.ts';
