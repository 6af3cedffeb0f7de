// What every controller is: a named loop that registers its informer handlers in its
// constructor, and runs once the shared informers have synced.
import type { EventRecorder, RestClient } from '../client/index.ts';
import type { SharedInformers } from './shared-informers.ts';

export interface ControllerContext {
  rest: RestClient;
  informers: SharedInformers;
  /** An event recorder reporting as `component` (e.g. "endpointslice-controller"). */
  recorder(component: string): EventRecorder;
  log(msg: string, err?: unknown): void;
}

export interface Controller {
  readonly name: string;
  /** Called after every informer has synced: begin reconciling. */
  start(): void;
  stop(): void;
}

export type ControllerFactory = (ctx: ControllerContext) => Controller;
