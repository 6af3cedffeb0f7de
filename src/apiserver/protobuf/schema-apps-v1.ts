// k8s.io/api/apps/v1 (types.go): Deployment and ReplicaSet. Notation: schema.ts.
// Note the pointers that must keep an explicit zero: replicas, revisionHistoryLimit,
// progressDeadlineSeconds; and `selector` (*LabelSelector without omitempty: null when absent).
import type { PackageTable } from './schema.ts';

export const appsV1: PackageTable = {
  pkg: 'apps',
  messages: {
    Deployment: ['metadata 1 ObjectMeta', 'spec 2 DeploymentSpec', 'status 3 DeploymentStatus'],
    DeploymentSpec: [
      'replicas 1 *i32',
      'selector 2 *LabelSelector!',
      'template 3 core.PodTemplateSpec',
      'strategy 4 DeploymentStrategy',
      'minReadySeconds 5 i32',
      'revisionHistoryLimit 6 *i32',
      'paused 7 bool',
      // 8 was rollbackTo (extensions/v1beta1 only).
      'progressDeadlineSeconds 9 *i32',
      'podReplacementPolicy 10 *s',
    ],
    DeploymentStrategy: ['type 1 s', 'rollingUpdate 2 *RollingUpdateDeployment'],
    RollingUpdateDeployment: ['maxUnavailable 1 *IntOrString', 'maxSurge 2 *IntOrString'],
    DeploymentStatus: [
      'observedGeneration 1 i64',
      'replicas 2 i32',
      'updatedReplicas 3 i32',
      'readyReplicas 7 i32',
      'availableReplicas 4 i32',
      'unavailableReplicas 5 i32',
      'terminatingReplicas 9 *i32',
      'conditions 6 []DeploymentCondition',
      'collisionCount 8 *i32',
    ],
    DeploymentCondition: [
      'type 1 s!',
      'status 2 s!',
      'lastUpdateTime 6 Time',
      'lastTransitionTime 7 Time',
      'reason 4 s',
      'message 5 s',
    ],
    ReplicaSet: ['metadata 1 ObjectMeta', 'spec 2 ReplicaSetSpec', 'status 3 ReplicaSetStatus'],
    ReplicaSetSpec: ['replicas 1 *i32', 'minReadySeconds 4 i32', 'selector 2 *LabelSelector!', 'template 3 core.PodTemplateSpec'],
    ReplicaSetStatus: [
      'replicas 1 i32!',
      'fullyLabeledReplicas 2 i32',
      'readyReplicas 4 i32',
      'availableReplicas 5 i32',
      'terminatingReplicas 7 *i32',
      'observedGeneration 3 i64',
      'conditions 6 []ReplicaSetCondition',
    ],
    ReplicaSetCondition: ['type 1 s!', 'status 2 s!', 'lastTransitionTime 3 Time', 'reason 4 s', 'message 5 s'],
  },
};
