// Creating and deleting a ReplicaSet's pods, with the events upstream's RealPodControl records
// (SuccessfulCreate "Created pod: x", FailedCreate "Error creating: ...", SuccessfulDelete,
// FailedDelete), and slowStartBatch, which creates in batches of 1, 2, 4, ... and stops at
// the first failing batch so a quota or admission error costs one request, not hundreds.
import { ApiError } from '../../api/errors.ts';
import type { EventRecorder, Obj, ResourceClient } from '../../client/index.ts';
import { newControllerRef } from './pod-util.ts';

export const slowStartInitialBatchSize = 1;

/** An object with the type meta the event recorder and owner references need. */
export const withKind = <T extends Obj>(obj: T, apiVersion: string, kind: string): T => ({ ...obj, apiVersion, kind });

/** Upstream HasStatusCause(err, NamespaceTerminatingCause); the message is the fallback for servers without the cause. */
export function isNamespaceTerminating(e: unknown): boolean {
  if (!(e instanceof ApiError)) return false;
  if (e.details?.causes?.some((c) => c.reason === 'NamespaceTerminating')) return true;
  return e.reason === 'Forbidden' && /because it is being terminated/.test(e.message);
}

/** getPodsPrefix: `<name>-`, or the bare name when the dash would make the prefix invalid. */
export function podNamePrefix(controllerName: string): string {
  return controllerName.length + 1 > 253 ? controllerName : `${controllerName}-`;
}

/** GetPodFromTemplate. */
export function podFromTemplate(template: Obj | undefined, owner: Obj, ownerApiVersion: string, ownerKind: string): Obj {
  const labels = { ...(template?.metadata?.labels ?? {}) };
  if (Object.keys(labels).length === 0) throw new Error('unable to create pods, no labels');
  const metadata: Obj['metadata'] = { generateName: podNamePrefix(owner.metadata.name), labels };
  if (template?.metadata?.annotations && Object.keys(template.metadata.annotations).length) metadata.annotations = { ...template.metadata.annotations };
  if (template?.metadata?.finalizers?.length) metadata.finalizers = [...template.metadata.finalizers];
  metadata.ownerReferences = [newControllerRef(owner, ownerApiVersion, ownerKind)];
  return { metadata, spec: structuredClone(template?.spec ?? {}) };
}

export class PodControl {
  readonly #pods: ResourceClient;
  readonly #recorder: EventRecorder;

  constructor(pods: ResourceClient, recorder: EventRecorder) {
    this.#pods = pods;
    this.#recorder = recorder;
  }

  /** Creates one pod for `owner` (which must carry apiVersion/kind); resolves false when the namespace is going away. */
  async create(owner: Obj, template: Obj | undefined): Promise<boolean> {
    const pod = podFromTemplate(template, owner, owner.apiVersion, owner.kind);
    let created: Obj;
    try {
      created = await this.#pods.create(owner.metadata.namespace, pod);
    } catch (e) {
      if (isNamespaceTerminating(e)) return false;
      this.#recorder.event(owner, 'Warning', 'FailedCreate', `Error creating: ${(e as Error).message}`);
      throw e;
    }
    this.#recorder.event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    return true;
  }

  async delete(owner: Obj, pod: Obj): Promise<void> {
    try {
      await this.#pods.delete(pod.metadata.namespace, pod.metadata.name);
    } catch (e) {
      if (e instanceof ApiError && e.reason === 'NotFound') throw e;
      this.#recorder.event(owner, 'Warning', 'FailedDelete', `Error deleting: ${(e as Error).message}`);
      throw new Error(`unable to delete pods: ${(e as Error).message}`, { cause: e });
    }
    this.#recorder.event(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
  }
}

/**
 * Runs `fn` `count` times in growing parallel batches; returns how many succeeded and the
 * first error, after which no further batch starts.
 */
export async function slowStartBatch(count: number, initialBatchSize: number, fn: () => Promise<unknown>): Promise<{ successes: number; error?: unknown }> {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn()));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    successes += batch - failed.length;
    if (failed.length > 0) return { successes, error: failed[0]!.reason };
    remaining -= batch;
  }
  return { successes };
}
