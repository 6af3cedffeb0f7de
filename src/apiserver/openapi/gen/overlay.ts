// What `kubernetes-types` leaves out of upstream's OpenAPI, put back by hand: formats (it
// turns every integer into `number`), `enum`s, `default`s, the x-kubernetes-* list/map/patch
// extensions that strategic merge patch and server-side apply depend on, and the fields and
// types that arrived after its 1.30 snapshot (so strict field validation does not reject
// manifests written for kubectl 1.32/1.33). Values follow the markers in upstream
// staging/src/k8s.io/api/*/v1/types.go (+listType, +listMapKey, +patchStrategy, +enum, ...).

export type Frag = Record<string, unknown>;

export interface SchemaOverlay {
  /** Merged into the schema object itself. */
  schema?: Frag;
  /** Merged (deeply) into existing properties; naming a missing property is an error. */
  fields?: Record<string, Frag>;
  /** Properties upstream has but the 1.30 snapshot lacks. */
  add?: Record<string, Frag>;
  /** Properties upstream has since removed. */
  remove?: string[];
}

const atomic: Frag = { 'x-kubernetes-list-type': 'atomic' };
const set: Frag = { 'x-kubernetes-list-type': 'set' };
const atomicMap: Frag = { 'x-kubernetes-map-type': 'atomic' };
const int64: Frag = { format: 'int64' };
const en = (...values: string[]): Frag => ({ enum: values });
/** `+listType=map +listMapKey=... +patchMergeKey=... +patchStrategy=...` */
function mapList(keys: string[], mergeKey: string | null = keys[0]!, strategy = 'merge'): Frag {
  const f: Frag = { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': keys };
  if (mergeKey) Object.assign(f, { 'x-kubernetes-patch-merge-key': mergeKey, 'x-kubernetes-patch-strategy': strategy });
  return f;
}
const protocol: Frag = en('SCTP', 'TCP', 'UDP');
const ref = (name: string, description: string): Frag => ({ $ref: `#/components/schemas/${name}`, description });
const core = (n: string) => `io.k8s.api.core.v1.${n}`;
const str = (description: string): Frag => ({ type: 'string', description });

export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

export const overlays: Record<string, SchemaOverlay> = {
  // --- apimachinery meta/v1
  [`${META}ObjectMeta`]: {
    fields: {
      generation: int64,
      deletionGracePeriodSeconds: int64,
      finalizers: { ...set, 'x-kubernetes-patch-strategy': 'merge' },
      managedFields: atomic,
      ownerReferences: mapList(['uid']),
    },
  },
  [`${META}OwnerReference`]: { schema: atomicMap },
  [`${META}LabelSelector`]: { schema: atomicMap, fields: { matchExpressions: atomic } },
  [`${META}LabelSelectorRequirement`]: { fields: { values: atomic } },
  [`${META}ListMeta`]: { fields: { remainingItemCount: int64 } },
  [`${META}Condition`]: { fields: { observedGeneration: int64 } },
  [`${META}DeleteOptions`]: { fields: { gracePeriodSeconds: int64, dryRun: atomic } },
  [`${META}StatusDetails`]: { fields: { causes: atomic } },

  // --- core/v1: Namespace, Node
  [core('NamespaceSpec')]: { fields: { finalizers: atomic } },
  [core('NamespaceStatus')]: { fields: { conditions: mapList(['type']), phase: en('Active', 'Terminating') } },
  [core('NodeSpec')]: { fields: { podCIDRs: { ...set, 'x-kubernetes-patch-strategy': 'merge' }, taints: atomic } },
  [core('NodeStatus')]: {
    fields: {
      addresses: mapList(['type']),
      conditions: mapList(['type']),
      images: atomic,
      volumesInUse: atomic,
      volumesAttached: atomic,
      runtimeHandlers: atomic,
      phase: en('Pending', 'Running', 'Terminated'),
    },
    add: { features: ref(core('NodeFeatures'), 'Features describes the set of features implemented by the CRI implementation.') },
  },
  [core('NodeSystemInfo')]: { add: { swap: ref(core('NodeSwapStatus'), 'Swap Info reported by the node.') } },
  [core('NodeRuntimeHandlerFeatures')]: {
    add: { userNamespaces: { type: 'boolean', description: 'UserNamespaces is set to true if the runtime handler supports UserNamespaces, including for volumes.' } },
  },
  [core('Taint')]: { fields: { effect: en('NoExecute', 'NoSchedule', 'PreferNoSchedule') } },
  [core('ContainerImage')]: { fields: { names: atomic, sizeBytes: int64 } },

  // --- core/v1: PodSpec and containers
  [core('PodSpec')]: {
    fields: {
      volumes: mapList(['name'], 'name', 'merge,retainKeys'),
      initContainers: mapList(['name']),
      containers: mapList(['name']),
      ephemeralContainers: mapList(['name']),
      imagePullSecrets: mapList(['name']),
      hostAliases: mapList(['ip']),
      tolerations: atomic,
      topologySpreadConstraints: mapList(['topologyKey', 'whenUnsatisfiable']),
      readinessGates: atomic,
      schedulingGates: mapList(['name']),
      resourceClaims: mapList(['name'], 'name', 'merge,retainKeys'),
      nodeSelector: atomicMap,
      activeDeadlineSeconds: int64,
      terminationGracePeriodSeconds: int64,
      restartPolicy: en('Always', 'Never', 'OnFailure'),
      dnsPolicy: en('ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'),
      preemptionPolicy: en('Never', 'PreemptLowerPriority'),
    },
    add: {
      resources: ref(
        core('ResourceRequirements'),
        'Resources is the total amount of CPU and Memory resources required by all containers in the pod. It supports specifying Requests and Limits for "cpu" and "memory" resource names only. ResourceClaims are not supported.\n\nThis field enables fine-grained control over resource allocation for the entire pod, allowing resource sharing among containers in a pod.\n\nThis is an alpha field and requires enabling the PodLevelResources feature gate.',
      ),
    },
  },
  [core('Container')]: { fields: containerFields() },
  [core('EphemeralContainer')]: { fields: containerFields() },
  [core('ContainerPort')]: { fields: { protocol: { default: 'TCP', ...protocol } } },
  [core('ConfigMapKeySelector')]: { schema: atomicMap },
  [core('SecretKeySelector')]: { schema: atomicMap },
  [core('ObjectFieldSelector')]: { schema: atomicMap },
  [core('ResourceFieldSelector')]: { schema: atomicMap },
  [core('LocalObjectReference')]: { schema: atomicMap },
  [core('TypedLocalObjectReference')]: { schema: atomicMap },
  [core('ObjectReference')]: { schema: atomicMap },
  [core('ExecAction')]: { fields: { command: atomic } },
  [core('HTTPGetAction')]: { fields: { httpHeaders: atomic, scheme: en('HTTP', 'HTTPS') } },
  [core('Probe')]: { fields: { terminationGracePeriodSeconds: int64 } },
  [core('GRPCAction')]: { fields: { service: { default: '' } } },
  [core('SleepAction')]: { fields: { seconds: int64 } },
  [core('Lifecycle')]: {
    add: { stopSignal: str('StopSignal defines which signal will be sent to a container when it is being stopped. If not specified, the default is defined by the container runtime in use. StopSignal can only be set for Pods with a non-empty .spec.os.name') },
  },
  [core('ResourceRequirements')]: { fields: { claims: mapList(['name'], null) } },
  [core('ResourceClaim')]: {
    add: { request: str('Request is the name chosen for a request in the referenced claim. If empty, everything from the claim is made available, otherwise only the result of this request.') },
  },
  [core('VolumeMount')]: { fields: { mountPropagation: en('Bidirectional', 'HostToContainer', 'None') } },
  [core('Capabilities')]: { fields: { add: atomic, drop: atomic } },
  [core('SecurityContext')]: { fields: { runAsUser: int64, runAsGroup: int64, procMount: en('Default', 'Unmasked') } },
  [core('PodSecurityContext')]: {
    fields: {
      runAsUser: int64,
      runAsGroup: int64,
      fsGroup: int64,
      supplementalGroups: { ...atomic, items: int64 },
      sysctls: atomic,
      fsGroupChangePolicy: en('Always', 'OnRootMismatch'),
    },
    add: {
      supplementalGroupsPolicy: {
        ...str('Defines how supplemental groups of the first container processes are calculated. Valid values are "Merge" and "Strict". If not specified, "Merge" is used. (Alpha) Using the field requires the SupplementalGroupsPolicy feature gate to be enabled and the container runtime must implement support for this feature. Note that this field cannot be set when spec.os.name is windows.'),
        ...en('Merge', 'Strict'),
      },
      seLinuxChangePolicy: str('seLinuxChangePolicy defines how the container\'s SELinux label is applied to all volumes used by the Pod. It has no effect on nodes that do not support SELinux or to volumes does not support SELinux. Valid values are "MountOption" and "Recursive".\n\n"Recursive" means relabeling of all files on all Pod volumes by the container runtime. This may be slow for large volumes, but allows mixing privileged and unprivileged Pods sharing the same volume on the same node.\n\n"MountOption" mounts all eligible Pod volumes with `-o context` mount option. This requires all Pods that share the same volume to use the same SELinux label. It is not possible to share the same volume among privileged and unprivileged Pods. Eligible volumes are in-tree FibreChannel and iSCSI volumes, and all CSI volumes whose CSI driver announces SELinux support by setting spec.seLinuxMount: true in their CSIDriver instance. Other volumes are always re-labelled recursively. "MountOption" value is allowed only when SELinuxMount feature gate is enabled.\n\nIf not specified and SELinuxMount feature gate is enabled, "MountOption" is used. If not specified and SELinuxMount feature gate is disabled, "MountOption" is used for ReadWriteOncePod volumes and "Recursive" for all other volumes.\n\nThis field affects only Pods that have SELinux label set, either in PodSecurityContext or in SecurityContext of all containers.\n\nAll Pods that use the same volume should use the same seLinuxChangePolicy, otherwise some pods can get stuck in ContainerCreating state. Note that this field cannot be set when spec.os.name is windows.'),
    },
  },
  [core('SeccompProfile')]: {
    schema: { 'x-kubernetes-unions': [{ discriminator: 'type', 'fields-to-discriminateBy': { localhostProfile: 'LocalhostProfile' } }] },
    fields: { type: en('Localhost', 'RuntimeDefault', 'Unconfined') },
  },
  [core('AppArmorProfile')]: {
    schema: { 'x-kubernetes-unions': [{ discriminator: 'type', 'fields-to-discriminateBy': { localhostProfile: 'LocalhostProfile' } }] },
    fields: { type: en('Localhost', 'RuntimeDefault', 'Unconfined') },
  },
  [core('NodeSelector')]: { schema: atomicMap, fields: { nodeSelectorTerms: atomic } },
  [core('NodeSelectorTerm')]: { schema: atomicMap, fields: { matchExpressions: atomic, matchFields: atomic } },
  [core('NodeSelectorRequirement')]: { fields: { values: atomic, operator: en('DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn') } },
  [core('NodeAffinity')]: { fields: { preferredDuringSchedulingIgnoredDuringExecution: atomic } },
  [core('PodAffinity')]: { fields: { requiredDuringSchedulingIgnoredDuringExecution: atomic, preferredDuringSchedulingIgnoredDuringExecution: atomic } },
  [core('PodAntiAffinity')]: { fields: { requiredDuringSchedulingIgnoredDuringExecution: atomic, preferredDuringSchedulingIgnoredDuringExecution: atomic } },
  [core('PodAffinityTerm')]: { fields: { namespaces: atomic, matchLabelKeys: atomic, mismatchLabelKeys: atomic } },
  [core('Toleration')]: { fields: { operator: en('Equal', 'Exists'), effect: en('NoExecute', 'NoSchedule', 'PreferNoSchedule'), tolerationSeconds: int64 } },
  [core('TopologySpreadConstraint')]: {
    fields: {
      whenUnsatisfiable: en('DoNotSchedule', 'ScheduleAnyway'),
      nodeAffinityPolicy: en('Honor', 'Ignore'),
      nodeTaintsPolicy: en('Honor', 'Ignore'),
      matchLabelKeys: atomic,
    },
  },
  [core('PodDNSConfig')]: { fields: { nameservers: atomic, searches: atomic, options: atomic } },
  [core('HostAlias')]: { fields: { hostnames: atomic } },
  [core('PodResourceClaim')]: {
    remove: ['source'],
    add: {
      resourceClaimName: str('ResourceClaimName is the name of a ResourceClaim object in the same namespace as this pod.\n\nExactly one of ResourceClaimName and ResourceClaimTemplateName must be set.'),
      resourceClaimTemplateName: str('ResourceClaimTemplateName is the name of a ResourceClaimTemplate object in the same namespace as this pod.\n\nThe template will be used to create a new ResourceClaim, which will be bound to this pod. When this pod is deleted, the ResourceClaim will also be deleted. The pod name and resource name, along with a generated component, will be used to form a unique name for the ResourceClaim, which will be recorded in pod.status.resourceClaimStatuses.\n\nThis field is immutable and no changes will be made to the corresponding ResourceClaim by the control plane after creating the ResourceClaim.\n\nExactly one of ResourceClaimName and ResourceClaimTemplateName must be set.'),
    },
  },

  // --- core/v1: volumes
  [core('Volume')]: {
    add: {
      image: ref(core('ImageVolumeSource'), 'image represents an OCI object (a container image or artifact) pulled and mounted on the kubelet\'s host machine. The volume is resolved at pod startup depending on which PullPolicy value is provided:\n\n- Always: the kubelet always attempts to pull the reference. Container creation will fail If the pull fails. - Never: the kubelet never pulls the reference and only uses a local image or artifact. Container creation will fail if the reference isn\'t present. - IfNotPresent: the kubelet pulls if the reference isn\'t already present on disk. Container creation will fail if the reference isn\'t present and the pull fails.\n\nThe volume gets re-resolved if the pod gets deleted and recreated, which means that new remote content will become available on pod recreation. A failure to resolve or pull the image during pod startup will block containers from starting and may add significant latency. Failures will be retried using normal volume backoff and will be reported on the pod reason and message. The types of objects that may be mounted by this volume are defined by the container runtime implementation on a host machine and at minimum must include all valid types supported by the container image field. The OCI object gets mounted in a single directory (spec.containers[*].volumeMounts.mountPath) by merging the manifest layers in the same way as for container images. The volume will be mounted read-only (ro) and non-executable files (noexec). Sub path mounts for containers are not supported (spec.containers[*].volumeMounts.subpath). The field spec.securityContext.fsGroupChangePolicy has no effect on this volume type.'),
    },
  },
  [core('ConfigMapVolumeSource')]: { fields: { items: atomic } },
  [core('SecretVolumeSource')]: { fields: { items: atomic } },
  [core('ConfigMapProjection')]: { fields: { items: atomic } },
  [core('SecretProjection')]: { fields: { items: atomic } },
  [core('DownwardAPIVolumeSource')]: { fields: { items: atomic } },
  [core('DownwardAPIProjection')]: { fields: { items: atomic } },
  [core('ProjectedVolumeSource')]: { fields: { sources: atomic } },
  [core('CephFSVolumeSource')]: { fields: { monitors: atomic } },
  [core('RBDVolumeSource')]: { fields: { monitors: atomic } },
  [core('ISCSIVolumeSource')]: { fields: { portals: atomic } },
  [core('FCVolumeSource')]: { fields: { targetWWNs: atomic, wwids: atomic } },
  [core('HostPathVolumeSource')]: { fields: { type: en('', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket') } },
  [core('PersistentVolumeClaimSpec')]: { fields: { accessModes: atomic, volumeMode: en('Block', 'Filesystem') } },
  [core('ServiceAccountTokenProjection')]: { fields: { expirationSeconds: int64 } },

  // --- core/v1: PodStatus
  [core('PodStatus')]: {
    fields: {
      conditions: mapList(['type']),
      podIPs: mapList(['ip']),
      hostIPs: { ...atomic, 'x-kubernetes-patch-merge-key': 'ip', 'x-kubernetes-patch-strategy': 'merge' },
      initContainerStatuses: atomic,
      containerStatuses: atomic,
      ephemeralContainerStatuses: atomic,
      resourceClaimStatuses: mapList(['name'], 'name', 'merge,retainKeys'),
      phase: en('Failed', 'Pending', 'Running', 'Succeeded', 'Unknown'),
      qosClass: en('BestEffort', 'Burstable', 'Guaranteed'),
    },
    add: { observedGeneration: { type: 'integer', format: 'int64', description: 'If set, this represents the .metadata.generation that the pod status was set based upon. This is an alpha field. Enable PodObservedGenerationTracking to be able to use this field.' } },
  },
  [core('PodCondition')]: {
    add: { observedGeneration: { type: 'integer', format: 'int64', description: 'If set, this represents the .metadata.generation that the pod condition was set based upon. This is an alpha field. Enable PodObservedGenerationTracking to be able to use this field.' } },
  },
  [core('ContainerStatus')]: {
    fields: { volumeMounts: mapList(['mountPath']) },
    add: {
      user: ref(core('ContainerUser'), 'User represents user identity information initially attached to the first process of the container'),
      allocatedResourcesStatus: {
        type: 'array',
        items: { $ref: `#/components/schemas/${core('ResourceStatus')}`, default: {} },
        description: 'AllocatedResourcesStatus represents the status of various resources allocated for this Pod.',
        ...mapList(['name']),
      },
      stopSignal: str('StopSignal reports the effective stop signal for this container'),
    },
  },

  // --- core/v1: Service, Endpoints
  [core('ServiceSpec')]: {
    fields: {
      ports: mapList(['port', 'protocol'], 'port'),
      selector: atomicMap,
      clusterIPs: atomic,
      externalIPs: atomic,
      loadBalancerSourceRanges: atomic,
      ipFamilies: atomic,
      type: en('ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'),
      sessionAffinity: en('ClientIP', 'None'),
      externalTrafficPolicy: en('Cluster', 'Local'),
      internalTrafficPolicy: en('Cluster', 'Local'),
      ipFamilyPolicy: en('PreferDualStack', 'RequireDualStack', 'SingleStack'),
    },
  },
  [core('ServicePort')]: { fields: { protocol: { default: 'TCP', ...protocol } } },
  [core('ServiceStatus')]: { fields: { conditions: mapList(['type']) } },
  [core('LoadBalancerStatus')]: { fields: { ingress: atomic } },
  [core('LoadBalancerIngress')]: { fields: { ports: atomic } },
  [core('PortStatus')]: { fields: { protocol } },
  [core('Endpoints')]: { fields: { subsets: atomic } },
  [core('EndpointSubset')]: { fields: { addresses: atomic, notReadyAddresses: atomic, ports: atomic } },
  [core('EndpointAddress')]: { schema: atomicMap },
  [core('EndpointPort')]: { schema: atomicMap, fields: { protocol } },

  // --- apps/v1
  'io.k8s.api.apps.v1.DeploymentStatus': {
    fields: { conditions: mapList(['type']), observedGeneration: int64 },
    add: { terminatingReplicas: { type: 'integer', format: 'int32', description: 'Total number of terminating pods targeted by this deployment. Terminating pods have a non-null .metadata.deletionTimestamp and have not yet reached the Failed or Succeeded .status.phase.\n\nThis is an alpha field. Enable DeploymentReplicaSetTerminatingReplicas to be able to use this field.' } },
  },
  'io.k8s.api.apps.v1.DeploymentStrategy': { fields: { type: en('Recreate', 'RollingUpdate') } },
  'io.k8s.api.apps.v1.ReplicaSetStatus': {
    fields: { conditions: mapList(['type']), observedGeneration: int64 },
    add: { terminatingReplicas: { type: 'integer', format: 'int32', description: 'The number of terminating pods for this replica set. Terminating pods have a non-null .metadata.deletionTimestamp and have not yet reached the Failed or Succeeded .status.phase.\n\nThis is an alpha field. Enable DeploymentReplicaSetTerminatingReplicas to be able to use this field.' } },
  },

  // --- discovery.k8s.io/v1
  'io.k8s.api.discovery.v1.EndpointSlice': { fields: { addressType: en('FQDN', 'IPv4', 'IPv6'), endpoints: atomic, ports: atomic } },
  'io.k8s.api.discovery.v1.Endpoint': { fields: { addresses: set } },
  'io.k8s.api.discovery.v1.EndpointHints': {
    fields: { forZones: atomic },
    add: {
      forNodes: {
        type: 'array',
        items: { $ref: '#/components/schemas/io.k8s.api.discovery.v1.ForNode', default: {} },
        description: 'forNodes indicates the node(s) this endpoint should be consumed by when using topology aware routing. May contain a maximum of 8 entries. This is an Alpha feature and is only used when the PreferSameTrafficDistribution feature gate is enabled.',
        ...atomic,
      },
    },
  },
  'io.k8s.api.discovery.v1.EndpointPort': { schema: atomicMap },

  // --- coordination.k8s.io/v1
  'io.k8s.api.coordination.v1.LeaseSpec': {
    add: {
      strategy: str('Strategy indicates the strategy for picking the leader for coordinated leader election. If the field is not specified, there is no active coordination for this lease. (Alpha) Using this field requires the CoordinatedLeaderElection feature gate to be enabled.'),
      preferredHolder: str('PreferredHolder signals to a lease holder that the lease has a more optimal holder and should be given up. This field can only be set if Strategy is also set.'),
    },
  },
};

function containerFields(): Record<string, Frag> {
  return {
    ports: mapList(['containerPort', 'protocol'], 'containerPort'),
    env: mapList(['name']),
    envFrom: atomic,
    volumeMounts: mapList(['mountPath']),
    volumeDevices: mapList(['devicePath']),
    command: atomic,
    args: atomic,
    resizePolicy: atomic,
    imagePullPolicy: en('Always', 'IfNotPresent', 'Never'),
    terminationMessagePolicy: en('FallbackToLogsOnError', 'File'),
  };
}

/** Types that appeared after the 1.30 snapshot, written out whole. */
export const newSchemas: Record<string, Frag> = {
  [core('NodeFeatures')]: {
    description: 'NodeFeatures describes the set of features implemented by the CRI implementation. The features contained in the NodeFeatures should depend only on the cri implementation independent of runtime handlers.',
    properties: {
      supplementalGroupsPolicy: { type: 'boolean', description: 'SupplementalGroupsPolicy is set to true if the runtime supports SupplementalGroupsPolicy and ContainerUser.' },
    },
    type: 'object',
  },
  [core('NodeSwapStatus')]: {
    description: 'NodeSwapStatus represents swap memory information.',
    properties: { capacity: { type: 'integer', format: 'int64', description: 'Total amount of swap memory in bytes.' } },
    type: 'object',
  },
  [core('ImageVolumeSource')]: {
    description: 'ImageVolumeSource represents a image volume resource.',
    properties: {
      pullPolicy: {
        ...str('Policy for pulling OCI objects. Possible values are: Always: the kubelet always attempts to pull the reference. Container creation will fail If the pull fails. Never: the kubelet never pulls the reference and only uses a local image or artifact. Container creation will fail if the reference isn\'t present. IfNotPresent: the kubelet pulls if the reference isn\'t already present on disk. Container creation will fail if the reference isn\'t present and the pull fails. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise.'),
        ...en('Always', 'IfNotPresent', 'Never'),
      },
      reference: str('Required: Image or artifact reference to be used. Behaves in the same way as pod.spec.containers[*].image. Pull secrets will be assembled in the same way as for the container image by looking up node credentials, SA image pull secrets, and pod spec image pull secrets. More info: https://kubernetes.io/docs/concepts/containers/images This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets.'),
    },
    type: 'object',
  },
  [core('ContainerUser')]: {
    description: 'ContainerUser represents user identity information',
    properties: {
      linux: ref(core('LinuxContainerUser'), 'Linux holds user identity information initially attached to the first process of the containers in Linux. Note that the actual running identity can be changed if the process has enough privilege to do so.'),
    },
    type: 'object',
  },
  [core('LinuxContainerUser')]: {
    description: 'LinuxContainerUser represents user identity information in Linux containers',
    properties: {
      gid: { type: 'integer', format: 'int64', default: 0, description: 'GID is the primary gid initially attached to the first process in the container' },
      supplementalGroups: {
        type: 'array',
        items: { type: 'integer', format: 'int64', default: 0 },
        description: 'SupplementalGroups are the supplemental groups initially attached to the first process in the container',
        ...atomic,
      },
      uid: { type: 'integer', format: 'int64', default: 0, description: 'UID is the primary uid initially attached to the first process in the container' },
    },
    required: ['uid', 'gid'],
    type: 'object',
  },
  [core('ResourceStatus')]: {
    description: 'ResourceStatus represents the status of a single resource allocated to a Pod.',
    properties: {
      name: { type: 'string', default: '', description: 'Name of the resource. Must be unique within the pod and in case of non-DRA resource, match one of the resources from the pod spec. For DRA resources, the value must be "claim:<claim_name>/<request>". When this status is reported about a container, the "claim_name" and "request" must match one of the claims of this container.' },
      resources: {
        type: 'array',
        items: { $ref: `#/components/schemas/${core('ResourceHealth')}`, default: {} },
        description: 'List of unique resources health. Each element in the list contains an unique resource ID and its health. At a minimum, for the lifetime of a Pod, resource ID must uniquely identify the resource allocated to the Pod on the Node. If other Pod on the same Node reports the status with the same resource ID, it must be the same resource they share. See ResourceID type definition for a specific format it has in various use cases.',
        ...mapList(['resourceID'], null),
      },
    },
    required: ['name'],
    type: 'object',
  },
  [core('ResourceHealth')]: {
    description: 'ResourceHealth represents the health of a resource. It has the latest device health information. This is a part of KEP https://kep.k8s.io/4680.',
    properties: {
      health: str('Health of the resource. can be one of:\n - Healthy: operates as normal\n - Unhealthy: reported unhealthy. We consider this a temporary health issue\n              since we do not have a mechanism today to distinguish\n              temporary and permanent issues.\n - Unknown: The status cannot be determined.\n            For example, Device Plugin got unregistered and hasn\'t been re-registered since.\n\nIn future we may want to introduce the PermanentlyUnhealthy Status.'),
      resourceID: { type: 'string', default: '', description: 'ResourceID is the unique identifier of the resource. See the ResourceID type for more information.' },
    },
    required: ['resourceID'],
    type: 'object',
  },
  'io.k8s.api.discovery.v1.ForNode': {
    description: 'ForNode provides information about which nodes should consume this endpoint.',
    properties: { name: { type: 'string', default: '', description: 'name represents the name of the node.' } },
    required: ['name'],
    type: 'object',
  },
};
