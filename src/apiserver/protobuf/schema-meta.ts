// k8s.io/apimachinery/pkg/apis/meta/v1 (types.go), the messages the supported kinds use.
// Notation: schema.ts. TypeMeta is not here: in protobuf it lives in the runtime.Unknown
// envelope (envelope.ts), never inside the object.
import type { PackageTable } from './schema.ts';

export const metaV1: PackageTable = {
  pkg: 'meta',
  messages: {
    ObjectMeta: [
      'name 1 s',
      'generateName 2 s',
      'namespace 3 s',
      'selfLink 4 s',
      'uid 5 s',
      'resourceVersion 6 s',
      'generation 7 i64',
      // A struct value: written as null when zero, which kubectl's own JSON shows too.
      'creationTimestamp 8 Time',
      'deletionTimestamp 9 *Time',
      'deletionGracePeriodSeconds 10 *i64',
      'labels 11 map[s]s',
      'annotations 12 map[s]s',
      'ownerReferences 13 []OwnerReference',
      'finalizers 14 []s',
      // 15 was clusterName (tombstoned).
      'managedFields 17 []ManagedFieldsEntry',
    ],
    OwnerReference: [
      'apiVersion 5 s!',
      'kind 1 s!',
      'name 3 s!',
      'uid 4 s!',
      'controller 6 *bool',
      'blockOwnerDeletion 7 *bool',
    ],
    ManagedFieldsEntry: [
      'manager 1 s',
      'operation 2 s',
      'apiVersion 3 s',
      'time 4 *Time',
      'fieldsType 6 s',
      'fieldsV1 7 *FieldsV1',
      'subresource 8 s',
    ],
    LabelSelector: ['matchLabels 1 map[s]s', 'matchExpressions 2 []LabelSelectorRequirement'],
    LabelSelectorRequirement: ['key 1 s!', 'operator 2 s!', 'values 3 []s'],
    ListMeta: ['selfLink 1 s', 'resourceVersion 2 s', 'continue 3 s', 'remainingItemCount 4 *i64'],
    Preconditions: ['uid 1 *s', 'resourceVersion 2 *s'],
    // propagationPolicy's struct tag says varint, but the type is *string and the wire says
    // bytes (generated.proto: `optional string propagationPolicy = 4`).
    DeleteOptions: [
      'gracePeriodSeconds 1 *i64',
      'preconditions 2 *Preconditions',
      'orphanDependents 3 *bool',
      'propagationPolicy 4 *s',
      'dryRun 5 []s',
      // 1.32 addition; number 6 follows dryRun 5 but was not confirmed against generated.proto.
      'ignoreStoreReadErrorWithClusterBreakingPotential 6 *bool',
    ],
    Condition: [
      'type 1 s!',
      'status 2 s!',
      'observedGeneration 3 i64',
      'lastTransitionTime 4 Time!',
      'reason 5 s!',
      'message 6 s!',
    ],
  },
};
