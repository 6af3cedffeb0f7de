// The node agent's kubelet-style API server: container logs and exec (WebSocket channel protocol).
export { startKubeletServer, type KubeletServer, type KubeletServerOptions } from './kubelet-server.ts';
export { parseExecQuery, parseLogQuery, queryBool, type ExecQuery } from './kubelet-query.ts';
export { execProtocols, pickExecProtocol } from './exec-websocket.ts';
export { execFailure, execNonZeroExit, execSuccess, type ExecStatus } from './exec-status.ts';
