// Keeps this node present and healthy in the API: registers the Node (or takes over an
// existing one of the same name), renews its Lease in kube-node-lease every 10 s as the
// kubelet does, and refreshes the Node's status (Ready heartbeat) every minute.
import { ApiError } from '../../api/errors.ts';
import { resources } from '../../api/resources.ts';
import type { RestClient } from '../../client/index.ts';
import { nodeObject, nodeStatus, type NodeFacts } from './node-object.ts';

const leaseDurationSeconds = 40;
const renewIntervalMs = 10_000;
const statusIntervalMs = 60_000;

const micro = (d: Date) => d.toISOString().replace(/Z$/, '000Z');
const seconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const info = (group: string, plural: string) => resources.find((r) => r.group === group && r.plural === plural)!;

export class NodeHeartbeat {
  readonly #facts: NodeFacts;
  readonly #nodes;
  readonly #leases;
  readonly #log: (msg: string, err?: unknown) => void;
  #timers: NodeJS.Timeout[] = [];
  #uid = '';

  constructor(rest: RestClient, facts: NodeFacts, log: (msg: string, err?: unknown) => void) {
    this.#facts = facts;
    this.#nodes = rest.resource(info('', 'nodes'));
    this.#leases = rest.resource(info('coordination.k8s.io', 'leases'));
    this.#log = log;
  }

  async start(): Promise<void> {
    await this.#register();
    await this.#renewLease();
    this.#timers.push(setInterval(() => this.#renewLease().catch((e) => this.#log('renewing node lease', e)), renewIntervalMs));
    this.#timers.push(setInterval(() => this.#postStatus().catch((e) => this.#log('posting node status', e)), statusIntervalMs));
    for (const t of this.#timers) t.unref();
  }

  stop(): void {
    for (const t of this.#timers) clearInterval(t);
  }

  async #register(): Promise<void> {
    const now = seconds(new Date());
    const want = nodeObject(this.#facts, now);
    try {
      const created = await this.#nodes.create(undefined, want as never);
      this.#uid = created.metadata.uid;
      return;
    } catch (e) {
      if (!(e instanceof ApiError && e.reason === 'AlreadyExists')) throw e;
    }
    // A node of this name exists (a restart): bring its spec and status up to date.
    const existing = await this.#nodes.get(undefined, this.#facts.name);
    this.#uid = existing.metadata.uid;
    await this.#nodes.patch(undefined, this.#facts.name, 'merge', { metadata: { labels: want.metadata.labels }, spec: want.spec });
    await this.#postStatus();
  }

  async #postStatus(): Promise<void> {
    const now = seconds(new Date());
    const status = nodeStatus(this.#facts, nodeObject(this.#facts, now).status.capacity, now);
    const current = await this.#nodes.get(undefined, this.#facts.name);
    // Keep the transition times of conditions whose status did not change.
    for (const c of status.conditions as Array<Record<string, string>>) {
      const prev = (current.status?.conditions ?? []).find((p: Record<string, string>) => p.type === c.type);
      if (prev && prev.status === c.status) c.lastTransitionTime = prev.lastTransitionTime;
    }
    await this.#nodes.patch(undefined, this.#facts.name, 'merge', { status }, { subresource: 'status' });
  }

  async #renewLease(): Promise<void> {
    const name = this.#facts.name;
    const spec = { holderIdentity: name, leaseDurationSeconds, renewTime: micro(new Date()) };
    try {
      await this.#leases.patch('kube-node-lease', name, 'merge', { spec });
    } catch (e) {
      if (!(e instanceof ApiError && e.reason === 'NotFound')) throw e;
      await this.#leases.create('kube-node-lease', {
        metadata: { name, namespace: 'kube-node-lease', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: this.#uid }] },
        spec,
      });
    }
  }
}
