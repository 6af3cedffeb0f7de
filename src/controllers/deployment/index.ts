// The Deployment controller and its pure helpers.
export { DeploymentController, deploymentController, type DeploymentControllerOptions } from './controller.ts';
export { computeHash, safeEncodeString } from './hash.ts';
export {
  revisionAnnotation,
  revisionHistoryAnnotation,
  desiredReplicasAnnotation,
  maxReplicasAnnotation,
  podTemplateHashLabel,
  resolveFenceposts,
  maxSurge,
  maxUnavailable,
  getProportion,
  newRSNewReplicas,
  equalIgnoreHash,
  setNewReplicaSetAnnotations,
} from './util.ts';
