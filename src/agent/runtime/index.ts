export { createProcessRuntime, LogNotFoundError } from './process-runtime.ts';
export type { LocalProcessRuntime, ProcessRuntimeOptions } from './process-runtime.ts';
export type { IsolationStatus } from './isolation.ts';
export { StartError } from './executable.ts';
