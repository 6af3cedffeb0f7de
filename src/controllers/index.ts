// The controllers that turn objects into other objects, and the manager that runs them.
export { ControllerManager, type ControllerManagerOptions } from './manager.ts';
export { SharedInformers } from './shared-informers.ts';
export type { Controller, ControllerContext, ControllerFactory } from './controller.ts';
export { allControllers } from './all.ts';
