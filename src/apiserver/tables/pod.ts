// kubectl get pods: NAME READY STATUS RESTARTS AGE [IP NODE NOMINATED NODE READINESS GATES]
// (upstream printPod).
import type { Container, ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import * as docs from './docs.ts';
import { humanDuration, parseTime } from './duration.ts';
import { age, ageColumn, column, nameColumn, nameOf, printer, type TableRowCondition } from './table.ts';

/** node.NodeUnreachablePodReason */
const nodeLostReason = 'NodeLost';

const isRestartableInit = (c: Container | undefined) => c?.restartPolicy === 'Always';
const hasCondition = (conds: PodCondition[] | undefined, type: string) => conds?.find((c) => c.type === type);
const hasPodReadyCondition = (conds: PodCondition[] | undefined) => (conds ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
const isPodInitializedConditionTrue = (conds: PodCondition[] | undefined) => hasCondition(conds, 'Initialized')?.status === 'True';

/** The latest lastState.terminated.finishedAt of a container, as ms (0 when none). */
function lastTermination(c: ContainerStatus): number {
  return parseTime(c.lastState?.terminated?.finishedAt) ?? 0;
}

export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

/** READY, STATUS and RESTARTS as upstream's printPod computes them. */
export function podSummary(pod: Pod, now: Date): PodSummary {
  const spec = pod.spec;
  const status = pod.status ?? {};
  let restarts = 0;
  let restartableInitContainerRestarts = 0;
  let totalContainers = spec?.containers?.length ?? 0;
  let readyContainers = 0;
  let lastRestartDate = 0;
  let lastRestartableInitContainerRestartDate = 0;

  const podPhase = status.phase ?? '';
  let reason = status.reason || podPhase;

  // {type: PodScheduled, reason: SchedulingGated} shows as SchedulingGated.
  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initContainers = new Map<string, Container>();
  for (const c of spec?.initContainers ?? []) {
    initContainers.set(c.name, c);
    if (isRestartableInit(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i]!;
    const restartable = isRestartableInit(initContainers.get(container.name));
    restarts += container.restartCount ?? 0;
    lastRestartDate = Math.max(lastRestartDate, lastTermination(container));
    if (restartable) {
      restartableInitContainerRestarts += container.restartCount ?? 0;
      lastRestartableInitContainerRestartDate = Math.max(lastRestartableInitContainerRestartDate, lastTermination(container));
    }
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (restartable && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      // initialization failed
      if (!terminated.reason) {
        reason = terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode ?? 0}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${spec?.initContainers?.length ?? 0}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || isPodInitializedConditionTrue(status.conditions)) {
    restarts = restartableInitContainerRestarts;
    lastRestartDate = lastRestartableInitContainerRestartDate;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i]!;
      restarts += container.restartCount ?? 0;
      lastRestartDate = Math.max(lastRestartDate, lastTermination(container));
      const { waiting, terminated, running } = container.state ?? {};
      if (waiting?.reason) {
        reason = waiting.reason;
      } else if (terminated?.reason) {
        reason = terminated.reason;
      } else if (terminated) {
        reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
      } else if (container.ready && running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // Back to "Running" when at least one container still runs.
    if (reason === 'Completed' && hasRunning) {
      reason = hasPodReadyCondition(status.conditions) ? 'Running' : 'NotReady';
    }
  }

  const deleting = pod.metadata?.deletionTimestamp != null;
  if (deleting && status.reason === nodeLostReason) {
    reason = 'Unknown';
  } else if (deleting && podPhase !== 'Failed' && podPhase !== 'Succeeded') {
    reason = 'Terminating';
  }

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestartDate !== 0) {
    restartsStr = `${restarts} (${humanDuration(now.getTime() - lastRestartDate)} ago)`;
  }
  return { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts: restartsStr };
}

function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  let trueConditions = 0;
  for (const gate of gates) {
    if (hasCondition(pod.status?.conditions, gate.conditionType)?.status === 'True') trueConditions++;
  }
  return `${trueConditions}/${gates.length}`;
}

const succeeded: TableRowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
const failed: TableRowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];

export const podPrinter = printer<Pod>({
  columns: [
    nameColumn(),
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    ageColumn(),
    column('IP', 'string', docs.pod.podIP, { priority: 1 }),
    column('Node', 'string', docs.pod.nodeName, { priority: 1 }),
    column('Nominated Node', 'string', docs.pod.nominatedNodeName, { priority: 1 }),
    column('Readiness Gates', 'string', docs.pod.readinessGates, { priority: 1 }),
  ],
  cells(pod, ctx) {
    const s = podSummary(pod, ctx.now);
    // v1 -> internal conversion fills podIPs from podIP; upstream prints podIPs[0].
    const podIP = pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>';
    return [
      nameOf(pod),
      s.ready,
      s.status,
      s.restarts,
      age(pod, ctx),
      podIP,
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      readinessGates(pod),
    ];
  },
  conditions(pod) {
    if (pod.status?.phase === 'Succeeded') return succeeded;
    if (pod.status?.phase === 'Failed') return failed;
    return undefined;
  },
});
