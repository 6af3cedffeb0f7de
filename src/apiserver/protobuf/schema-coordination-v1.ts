// k8s.io/api/coordination/v1 (types.go): Lease. Notation: schema.ts. Every spec field is a
// pointer, so an explicit leaseTransitions: 0 or holderIdentity: "" is kept.
import type { PackageTable } from './schema.ts';

export const coordinationV1: PackageTable = {
  pkg: 'coordination',
  messages: {
    Lease: ['metadata 1 ObjectMeta', 'spec 2 LeaseSpec'],
    LeaseSpec: [
      'holderIdentity 1 *s',
      'leaseDurationSeconds 2 *i32',
      'acquireTime 3 *MicroTime',
      'renewTime 4 *MicroTime',
      'leaseTransitions 5 *i32',
      'strategy 6 *s',
      'preferredHolder 7 *s',
    ],
  },
};
