// Talking to the API as every component does: REST verbs, informers, work queues, events.
export { RestClient, ResourceClient, errorFromResponse, type Obj, type ListResult, type PatchType } from './rest.ts';
export { watch, type WatchEvent, type WatchHandle } from './watch.ts';
export { Informer, keyOf, type InformerHandlers, type InformerOptions } from './informer.ts';
export { WorkQueue } from './work-queue.ts';
export { EventRecorder, type EventType } from './events.ts';
