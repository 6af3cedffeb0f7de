// The EndpointSlice mirroring controller.
export { EndpointSliceMirroringController, endpointSliceMirroringController, shouldMirror, skipMirrorLabel } from './controller.ts';
export { reconcileMirror, canonicalIP, mirroringControllerName, maxEndpointsPerSubset, type MirrorPlan } from './reconciler.ts';
