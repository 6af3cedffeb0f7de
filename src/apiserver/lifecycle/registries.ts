// The set of resource registries, indexed the ways the server and its internal
// controllers need: by URL (group/version/plural), by apiVersion+kind, and by storage key.
import { apiVersionOf, type ResourceInfo } from '../../api/resources.ts';
import type { RequestContext } from '../registry/strategy.ts';
import type { ResourceStore } from '../registry/resource-store.ts';
import { registryRoot, resourcePrefix } from '../registry/keys.ts';

export class Registries {
  readonly all: ResourceStore[];
  readonly #byUrl = new Map<string, ResourceStore>();
  readonly #byKind = new Map<string, ResourceStore>();
  readonly #byPrefix = new Map<string, ResourceStore>();

  constructor(stores: ResourceStore[]) {
    this.all = stores;
    for (const s of stores) {
      const i = s.info;
      this.#byUrl.set(`${i.group}/${i.version}/${i.plural}`, s);
      this.#byKind.set(`${apiVersionOf(i)}/${i.kind}`, s);
      // Both Event APIs share a key space; keys resolve to the core one (the stored form).
      const prefix = resourcePrefix(i);
      if (!this.#byPrefix.has(prefix) || i.group === '') this.#byPrefix.set(prefix, s);
    }
  }

  byUrl(group: string, version: string, plural: string): ResourceStore | undefined {
    return this.#byUrl.get(`${group}/${version}/${plural}`);
  }

  byKind(apiVersion: string, kind: string): ResourceStore | undefined {
    return this.#byKind.get(`${apiVersion}/${kind}`);
  }

  /** The registry that owns a storage key, with the object's namespace and name. */
  byKey(key: string): { store: ResourceStore; namespace: string | undefined; name: string } | undefined {
    if (!key.startsWith(registryRoot)) return undefined;
    const [group, plural, ...rest] = key.slice(registryRoot.length).split('/');
    const store = this.#byPrefix.get(`${registryRoot}${group}/${plural}/`);
    if (!store) return undefined;
    return store.info.namespaced ? { store, namespace: rest[0], name: rest[1]! } : { store, namespace: undefined, name: rest[0]! };
  }

  /** Namespaced resources, each stored collection once (for emptying a namespace). */
  namespacedStores(): ResourceStore[] {
    return [...new Set(this.#byPrefix.values())].filter((s) => s.info.namespaced);
  }
}

export function systemContext(): RequestContext {
  return { now: new Date(), dryRun: false, fieldManager: undefined, warnings: [] };
}

export type { ResourceInfo };
