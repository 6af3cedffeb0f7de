// Every controller `portico up` and `portico controllers` run, in start order.
import type { ControllerFactory } from './controller.ts';

export const allControllers: ControllerFactory[] = [];
