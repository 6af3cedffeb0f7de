// GET /containerLogs/{namespace}/{pod}/{container}: the container's log as text/plain,
// streamed chunk by chunk (chunked encoding) and ended when the log stream ends — for
// `follow`, when the container stops or the client goes away.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeletApi } from '../contracts.ts';
import { parseLogQuery } from './kubelet-query.ts';

export async function serveContainerLogs(api: KubeletApi, target: { namespace: string; pod: string; container: string }, query: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const opts = parseLogQuery(query);
  const stream = await api.logs(target.namespace, target.pod, target.container, opts);
  if (req.destroyed || res.destroyed) {
    stream.destroy();
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  // Headers now, not with the first line: a follow on a quiet container must still answer.
  res.flushHeaders();
  res.on('close', () => stream.destroy());
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
