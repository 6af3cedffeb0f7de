// The node agent: pods as local processes, with addresses, probes, logs and exec.
export { Agent, type AgentOptions } from './agent.ts';
export type * from './contracts.ts';
