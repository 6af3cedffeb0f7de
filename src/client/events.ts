// Records core/v1 Events the way client-go's recorder does: one Event per distinct
// (object, type, reason, message, source); a repeat bumps `count` and `lastTimestamp`
// instead of creating another, which is what `kubectl describe` shows as "(x3 over 5m)".
import { ApiError } from '../api/errors.ts';
import { resources } from '../api/resources.ts';
import type { Obj, ResourceClient, RestClient } from './rest.ts';

export type EventType = 'Normal' | 'Warning';

const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export class EventRecorder {
  readonly #events: ResourceClient;
  readonly #component: string;
  readonly #host: string | undefined;
  readonly #seen = new Map<string, { name: string; namespace: string; count: number; first: string }>();
  readonly #log: (msg: string, err: unknown) => void;

  constructor(rest: RestClient, component: string, opts: { host?: string; log?: (msg: string, err: unknown) => void } = {}) {
    this.#events = rest.resource(resources.find((r) => r.group === '' && r.plural === 'events')!);
    this.#component = component;
    this.#host = opts.host;
    this.#log = opts.log ?? (() => {});
  }

  /** Fire and forget: recording an event never fails the caller. */
  event(obj: Obj, type: EventType, reason: string, message: string): void {
    this.record(obj, type, reason, message).catch((e) => this.#log(`recording event ${reason}`, e));
  }

  async record(obj: Obj, type: EventType, reason: string, message: string): Promise<void> {
    const namespace = obj.metadata.namespace || 'default';
    const involved = {
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
      uid: obj.metadata.uid,
      apiVersion: obj.apiVersion,
      resourceVersion: obj.metadata.resourceVersion,
    };
    const key = [involved.kind, namespace, involved.name, involved.uid, type, reason, message].join('\u0000');
    const now = rfc3339(new Date());
    const prior = this.#seen.get(key);
    if (prior) {
      prior.count++;
      try {
        await this.#events.patch(prior.namespace, prior.name, 'merge', { count: prior.count, lastTimestamp: now });
        return;
      } catch (e) {
        if (!(e instanceof ApiError && e.reason === 'NotFound')) throw e;
      }
    }
    const name = `${involved.name}.${(Date.now() * 1e6 + Math.floor(Math.random() * 1e6)).toString(16)}`;
    const source = this.#host ? { component: this.#component, host: this.#host } : { component: this.#component };
    await this.#events.create(namespace, {
      metadata: { name, namespace },
      involvedObject: involved,
      reason,
      message,
      type,
      source,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      reportingComponent: this.#component,
      reportingInstance: this.#host ?? '',
    });
    this.#seen.set(key, { name, namespace, count: 1, first: now });
  }
}
