// The node agent: registers this node, runs the pods bound to it as processes, and serves
// their logs and exec. `portico up` runs one; `portico agent` runs one against any server.
import { join } from 'node:path';
import { RestClient } from '../client/index.ts';
import { resolveImage } from './images/index.ts';
import { Kubelet } from './kubelet/kubelet.ts';
import { kubeletApi } from './kubelet/kubelet-api.ts';
import { LoopbackPodNetwork } from './network/loopback.ts';
import { NodeHeartbeat } from './node/heartbeat.ts';
import { ProbeManager } from './probes/index.ts';
import { createProcessRuntime } from './runtime/index.ts';
import { startKubeletServer, type KubeletServer } from './server/index.ts';

export interface AgentOptions {
  server: string;
  nodeName: string;
  /** Where pod state, logs and process records live. */
  dataDir: string;
  /** The node's pod range (loopback mode: 127.244.<n>.0/24). */
  podCIDR: string;
  /** Address the API server reaches this agent on, and the node's InternalIP. */
  nodeIP: string;
  clusterDomain: string;
  clusterDNS: string[];
  maxPods: number;
  log(msg: string, err?: unknown): void;
  /** Reports what the node cannot do (e.g. no isolation without root), once at start. */
  warn?(msg: string): void;
}

export class Agent {
  readonly #opts: AgentOptions;
  readonly #rest: RestClient;
  #kubelet: Kubelet | undefined;
  #server: KubeletServer | undefined;
  #heartbeat: NodeHeartbeat | undefined;

  constructor(opts: AgentOptions) {
    this.#opts = opts;
    this.#rest = new RestClient(opts.server, `portico-agent/${opts.nodeName}`);
  }

  async start(): Promise<void> {
    const o = this.#opts;
    const runtime = createProcessRuntime({ stateDir: join(o.dataDir, 'runtime'), isolation: 'auto', log: o.log });
    const isolation = runtime.isolationAvailable();
    if (!isolation.ok) o.warn?.(`pods run without their own hostname and /etc files: ${isolation.reason}`);
    const kubelet = new Kubelet({
      rest: this.#rest,
      nodeName: o.nodeName,
      hostIP: o.nodeIP,
      stateDir: o.dataDir,
      runtime,
      resolveImage,
      network: new LoopbackPodNetwork(o.podCIDR, join(o.dataDir, 'pod-addresses.json')),
      probes: (callbacks) => new ProbeManager(callbacks),
      isolate: isolation.ok,
      isolationProblem: isolation.ok ? undefined : isolation.reason,
      clusterDomain: o.clusterDomain,
      clusterDNS: o.clusterDNS,
      log: o.log,
    });
    this.#kubelet = kubelet;
    this.#server = await startKubeletServer({ host: o.nodeIP, port: 0, api: kubeletApi(() => kubelet.workers.values(), runtime), log: o.log });
    this.#heartbeat = new NodeHeartbeat(this.#rest, { name: o.nodeName, internalIP: o.nodeIP, kubeletPort: this.#server.port, podCIDR: o.podCIDR, maxPods: o.maxPods }, o.log);
    await this.#heartbeat.start();
    await kubelet.start();
  }

  /** Stops every pod process and the agent's servers; pods stay in the API for the next start. */
  async stop(): Promise<void> {
    this.#heartbeat?.stop();
    await this.#kubelet?.stop();
    await this.#server?.close();
    this.#rest.close();
  }
}
