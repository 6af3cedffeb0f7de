// Computes a pod's status from what its containers are doing, as the kubelet's
// generateAPIPodStatus / getPhase do. Pure: the pod worker feeds it a snapshot.
type Obj = Record<string, any>;

export type ContainerState =
  | { kind: 'waiting'; reason: string; message?: string }
  | { kind: 'running'; startedAt: string }
  | { kind: 'terminated'; exitCode: number; signal?: number; reason: string; message?: string; startedAt: string; finishedAt: string };

export interface ContainerSnapshot {
  name: string;
  image: string;
  containerID?: string;
  state: ContainerState;
  lastState?: ContainerState;
  restartCount: number;
  ready: boolean;
  started: boolean;
}

export interface PodSnapshot {
  pod: Obj;
  podIP?: string;
  hostIP: string;
  startTime?: string;
  init: ContainerSnapshot[];
  containers: ContainerSnapshot[];
  /** All init containers have completed successfully. */
  initialized: boolean;
  now: string;
}

function stateJson(s: ContainerState): Obj {
  switch (s.kind) {
    case 'waiting':
      return { waiting: s.message ? { reason: s.reason, message: s.message } : { reason: s.reason } };
    case 'running':
      return { running: { startedAt: s.startedAt } };
    case 'terminated': {
      const t: Obj = { exitCode: s.exitCode, reason: s.reason, startedAt: s.startedAt, finishedAt: s.finishedAt, containerID: undefined };
      delete t.containerID;
      if (s.signal) t.signal = s.signal;
      if (s.message) t.message = s.message;
      return { terminated: t };
    }
  }
}

function containerStatus(c: ContainerSnapshot, init: boolean): Obj {
  const out: Obj = {
    name: c.name,
    state: stateJson(c.state),
    lastState: c.lastState ? stateJson(c.lastState) : {},
    ready: c.ready,
    restartCount: c.restartCount,
    image: c.image,
    imageID: c.image ? `portico://${c.image}` : '',
    started: init ? c.state.kind === 'running' : c.started,
  };
  if (c.containerID) out.containerID = c.containerID;
  return out;
}

/** kubelet getPhase. */
export function podPhase(s: PodSnapshot): string {
  const policy = s.pod.spec?.restartPolicy ?? 'Always';
  if (!s.initialized) {
    const failedInit = s.init.some((c) => c.state.kind === 'terminated' && c.state.exitCode !== 0);
    return failedInit && policy === 'Never' ? 'Failed' : 'Pending';
  }
  let waiting = 0;
  let running = 0;
  let succeeded = 0;
  let failed = 0;
  for (const c of s.containers) {
    if (c.state.kind === 'running') running++;
    else if (c.state.kind === 'terminated') c.state.exitCode === 0 ? succeeded++ : failed++;
    else if (c.lastState?.kind === 'terminated') {
      // Restarting after an exit counts as running, as upstream treats it.
      running++;
    } else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (policy === 'Always') return 'Running';
  if (failed > 0 && policy === 'Never') return 'Failed';
  if (failed > 0) return 'Running'; // OnFailure restarts it
  return 'Succeeded';
}

function condition(type: string, ok: boolean, prev: Obj[] | undefined, now: string, reason?: string, message?: string): Obj {
  const status = ok ? 'True' : 'False';
  const before = prev?.find((c) => c.type === type);
  const c: Obj = { type, status, lastProbeTime: null, lastTransitionTime: before && before.status === status ? before.lastTransitionTime : now };
  if (!ok && reason) c.reason = reason;
  if (!ok && message) c.message = message;
  return c;
}

export function podStatus(s: PodSnapshot): Obj {
  const prev = s.pod.status?.conditions as Obj[] | undefined;
  const phase = podPhase(s);
  const unready = s.containers.filter((c) => !c.ready).map((c) => c.name);
  const incompleteInit = s.init.filter((c) => !(c.state.kind === 'terminated' && c.state.exitCode === 0)).map((c) => c.name);
  const done = phase === 'Succeeded' || phase === 'Failed';
  const gates = ((s.pod.spec?.readinessGates ?? []) as Obj[]).map((g) => g.conditionType as string);
  const gatesOk = gates.every((g) => prev?.find((c) => c.type === g)?.status === 'True');
  const containersReady = unready.length === 0 && !done;
  const conditions = [
    condition('PodReadyToStartContainers', !!s.podIP && !done, prev, s.now),
    condition('Initialized', s.initialized, prev, s.now, 'ContainersNotInitialized', `containers with incomplete status: [${incompleteInit.join(' ')}]`),
    condition('Ready', containersReady && gatesOk, prev, s.now, done ? 'PodCompleted' : containersReady ? 'ReadinessGatesNotReady' : 'ContainersNotReady', containersReady ? `corresponding condition of pod readiness gate "${gates.join('", "')}" does not exist.` : `containers with unready status: [${unready.join(' ')}]`),
    condition('ContainersReady', containersReady, prev, s.now, done ? 'PodCompleted' : 'ContainersNotReady', `containers with unready status: [${unready.join(' ')}]`),
    prev?.find((c) => c.type === 'PodScheduled') ?? { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: s.now },
  ];
  if (done) for (const c of conditions.slice(2, 4)) {
    c.reason = 'PodCompleted';
    delete c.message;
  }
  // Conditions other controllers own (readiness gates, DisruptionTarget) are kept.
  for (const c of prev ?? []) if (!conditions.some((x) => x.type === c.type)) conditions.push(c);
  const status: Obj = {
    phase,
    conditions,
    hostIP: s.hostIP,
    hostIPs: [{ ip: s.hostIP }],
    qosClass: s.pod.status?.qosClass,
    containerStatuses: s.containers.map((c) => containerStatus(c, false)),
  };
  if (s.podIP) {
    status.podIP = s.podIP;
    status.podIPs = [{ ip: s.podIP }];
  }
  if (s.startTime) status.startTime = s.startTime;
  if (s.init.length) status.initContainerStatuses = s.init.map((c) => containerStatus(c, true));
  return status;
}
