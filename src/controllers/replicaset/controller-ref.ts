// Adoption and release (upstream ControllerRefManager.ClaimObject): a controller owns the
// objects that carry its controller reference AND match its selector. An orphan that matches
// is adopted; an owned object that stopped matching is released. Nobody else's objects are
// touched, and a controller being deleted neither adopts nor releases.
import { ApiError } from '../../api/errors.ts';
import type { LabelSelector } from '../../api/selectors/index.ts';
import type { Obj, ResourceClient } from '../../client/index.ts';
import { controllerRefOf, newControllerRef } from './pod-util.ts';

export interface ControllerRefManagerOptions {
  owner: Obj;
  ownerApiVersion: string;
  ownerKind: string;
  selector: LabelSelector;
  /** The client of the owned kind, for the adopt/release patches. */
  client: ResourceClient;
  /**
   * Checked once before the first adoption (upstream RecheckDeletionTimestamp): a fresh read
   * of the owner, so a controller deleted a moment ago adopts nothing.
   */
  canAdopt: () => Promise<void>;
}

const ignorable = (e: unknown) => e instanceof ApiError && (e.reason === 'NotFound' || e.reason === 'Invalid' || (e.reason === 'Conflict' && /UID in precondition/.test(e.message)));

export class ControllerRefManager {
  readonly #o: ControllerRefManagerOptions;
  #canAdopt: Promise<void> | undefined;

  constructor(opts: ControllerRefManagerOptions) {
    this.#o = opts;
  }

  /** The objects this owner controls after adopting and releasing; errors are collected, not fatal per object. */
  async claim(objects: Obj[]): Promise<{ claimed: Obj[]; errors: unknown[] }> {
    const claimed: Obj[] = [];
    const errors: unknown[] = [];
    for (const obj of objects) {
      try {
        const owned = await this.#claimOne(obj);
        if (owned) claimed.push(owned);
      } catch (e) {
        errors.push(e);
      }
    }
    return { claimed, errors };
  }

  async #claimOne(obj: Obj): Promise<Obj | undefined> {
    const { owner, selector } = this.#o;
    const matches = selector.matches(obj.metadata.labels ?? {});
    const ref = controllerRefOf(obj);
    if (ref) {
      if (ref.uid !== owner.metadata.uid) return undefined; // someone else's
      if (matches) return obj;
      if (owner.metadata.deletionTimestamp) return undefined;
      await this.#release(obj);
      return undefined;
    }
    // An orphan.
    if (owner.metadata.deletionTimestamp || !matches || obj.metadata.deletionTimestamp) return undefined;
    if (owner.metadata.namespace && owner.metadata.namespace !== obj.metadata.namespace) return undefined;
    return this.#adopt(obj);
  }

  async #adopt(obj: Obj): Promise<Obj | undefined> {
    this.#canAdopt ??= this.#o.canAdopt();
    await this.#canAdopt;
    const ref = newControllerRef(this.#o.owner, this.#o.ownerApiVersion, this.#o.ownerKind);
    try {
      // The uid in the patch is a precondition: never adopt a namesake created since we looked.
      return await this.#o.client.patch(obj.metadata.namespace, obj.metadata.name, 'strategic', { metadata: { ownerReferences: [ref], uid: obj.metadata.uid } });
    } catch (e) {
      if (e instanceof ApiError && e.reason === 'NotFound') return undefined;
      throw e;
    }
  }

  async #release(obj: Obj): Promise<void> {
    try {
      await this.#o.client.patch(obj.metadata.namespace, obj.metadata.name, 'strategic', {
        metadata: { ownerReferences: [{ $patch: 'delete', uid: this.#o.owner.metadata.uid }], uid: obj.metadata.uid },
      });
    } catch (e) {
      // Gone, or replaced by a namesake: nothing of ours to release.
      if (!ignorable(e)) throw e;
    }
  }
}

/** RecheckDeletionTimestamp: the owner must still exist with the same UID and not be deleting. */
export function recheckOwner(client: ResourceClient, owner: Obj, kindName: string): () => Promise<void> {
  return async () => {
    const fresh = await client.get(owner.metadata.namespace, owner.metadata.name);
    if (fresh.metadata.uid !== owner.metadata.uid) {
      throw new Error(`original ${kindName} ${owner.metadata.namespace}/${owner.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${owner.metadata.uid}`);
    }
    if (fresh.metadata.deletionTimestamp) throw new Error(`${owner.metadata.namespace}/${owner.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
  };
}
