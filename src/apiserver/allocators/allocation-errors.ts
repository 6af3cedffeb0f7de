// The allocators' own errors, worded as upstream's ipallocator/portallocator errors, because the
// Service registry embeds these texts in the Status users read ("failed to allocate IP 10.96.0.10:
// provided IP is already allocated", "spec.ports[0].nodePort: Invalid value: 30080: provided port
// is already allocated").

export type AllocationErrorCode = 'Full' | 'Allocated' | 'NotInRange';

export class AllocationError extends Error {
  readonly code: AllocationErrorCode;
  constructor(code: AllocationErrorCode, message: string) {
    super(message);
    this.name = 'AllocationError';
    this.code = code;
  }
}

export const isAllocationError = (e: unknown): e is AllocationError => e instanceof AllocationError;

/** ErrFull, identical for both allocators. */
export const rangeFull = () => new AllocationError('Full', 'range is full');

/** ipallocator.ErrAllocated. */
export const ipAlreadyAllocated = () => new AllocationError('Allocated', 'provided IP is already allocated');

/** ipallocator.ErrNotInRange (the bitmap allocator's wording, see facts §3.4). */
export const ipNotInRange = (ip: string, cidr: string) =>
  new AllocationError('NotInRange', `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${cidr}`);

/** portallocator.ErrAllocated. */
export const portAlreadyAllocated = () => new AllocationError('Allocated', 'provided port is already allocated');

/** portallocator.ErrNotInRange. */
export const portNotInRange = (validPorts: string) =>
  new AllocationError('NotInRange', `provided port is not in the valid range. The range of valid ports is ${validPorts}`);
