// The Node object an agent registers: what `kubectl get nodes -o wide` and the scheduler read.
import { cpus, hostname, release, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';

export interface NodeFacts {
  name: string;
  /** Address the API server reaches this agent's kubelet API on. */
  internalIP: string;
  kubeletPort: number;
  podCIDR: string;
  maxPods: number;
}

function osImage(): string {
  try {
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'Linux';
  } catch {
    return 'Linux';
  }
}

const arch = () => (process.arch === 'x64' ? 'amd64' : process.arch);

export function nodeObject(f: NodeFacts, now: string): Record<string, any> {
  const capacity = {
    cpu: String(cpus().length),
    memory: `${Math.floor(totalmem() / 1024)}Ki`,
    pods: String(f.maxPods),
    'ephemeral-storage': '0',
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: f.name,
      labels: {
        'kubernetes.io/hostname': f.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': arch(),
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': arch(),
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: { podCIDR: f.podCIDR, podCIDRs: [f.podCIDR] },
    status: nodeStatus(f, capacity, now),
  };
}

export function nodeStatus(f: NodeFacts, capacity: Record<string, string>, now: string): Record<string, any> {
  const condition = (type: string, status: string, reason: string, message: string) => ({ type, status, lastHeartbeatTime: now, lastTransitionTime: now, reason, message });
  return {
    capacity,
    allocatable: capacity,
    conditions: [
      condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
    ],
    addresses: [
      { type: 'InternalIP', address: f.internalIP },
      { type: 'Hostname', address: f.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: f.kubeletPort } },
    nodeInfo: {
      machineID: machineId(),
      systemUUID: machineId(),
      bootID: bootId(),
      kernelVersion: release(),
      osImage: osImage(),
      containerRuntimeVersion: 'portico://0.1.0',
      kubeletVersion: 'v1.32.0-portico',
      kubeProxyVersion: 'v1.32.0-portico',
      operatingSystem: 'linux',
      architecture: arch(),
    },
  };
}

function machineId(): string {
  try {
    return readFileSync('/etc/machine-id', 'utf8').trim();
  } catch {
    return hostname();
  }
}

function bootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return '';
  }
}
