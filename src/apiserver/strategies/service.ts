// Services: the generic strategy plus what upstream's Service registry adds — ClusterIP,
// NodePort and health-check port allocation around every write (BeginCreate/BeginUpdate),
// released on delete, and the same-named Endpoints deleted with the Service.
import { validateServiceStatusUpdate } from '../../api/validation/index.ts';
import type { ServiceAllocator } from '../allocators/index.ts';
import type { ApiObject } from '../registry/object.ts';
import type { Strategy } from '../registry/strategy.ts';
import { serviceFields } from './fields.ts';

export interface ServiceStrategyDeps {
  allocator: ServiceAllocator;
  /** Upstream's Service registry deletes the Endpoints of the same name with the Service. */
  deleteEndpoints(namespace: string, name: string): Promise<void>;
}

export function serviceStrategy(base: Strategy, deps: ServiceStrategyDeps): Strategy {
  return {
    ...base,
    hasStatusSubresource: true,
    fields: serviceFields,
    prepareForCreate(obj) {
      obj.status = { loadBalancer: {} };
    },
    allocate(obj, old, ctx) {
      return old ? deps.allocator.allocateUpdate(obj, old, { dryRun: ctx.dryRun }) : deps.allocator.allocateCreate(obj, { dryRun: ctx.dryRun });
    },
    async released(obj: ApiObject) {
      deps.allocator.release(obj);
      await deps.deleteEndpoints(obj.metadata.namespace!, obj.metadata.name!);
    },
    validateStatusUpdate: (obj, old) => validateServiceStatusUpdate(obj, old),
  };
}
