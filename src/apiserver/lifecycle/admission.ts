// NamespaceLifecycle admission: namespaced objects may only be created in a namespace that
// exists and is not being deleted, with upstream's messages.
import { ApiError, type GroupResource } from '../../api/errors.ts';
import type { Admission } from '../registry/resource-store.ts';
import type { Registries } from './registries.ts';

export function namespaceLifecycle(registries: () => Registries): Admission {
  return {
    async checkNamespace(namespace: string, resource: GroupResource, name: string) {
      const namespaces = registries().byUrl('', 'v1', 'namespaces')!;
      let ns;
      try {
        ns = await namespaces.get(undefined, namespace);
      } catch (e) {
        if (e instanceof ApiError && e.reason === 'NotFound') throw ApiError.notFound({ group: '', resource: 'namespaces' }, namespace);
        throw e;
      }
      if (ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') {
        throw ApiError.forbidden(resource, name, `unable to create new content in namespace ${namespace} because it is being terminated`);
      }
    },
  };
}
