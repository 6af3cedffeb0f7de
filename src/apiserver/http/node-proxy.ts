// pods/log and pods/exec: the API server finds the pod's container and node, then proxies to
// the node agent's kubelet API (Node status.daemonEndpoints.kubeletEndpoint.Port on its
// InternalIP). Logs are a streamed HTTP response; exec forwards the upgraded connection as a
// raw TCP pipe after rewriting the request to the kubelet's path, so the WebSocket handshake
// and the channel protocol pass through untouched. Checks and messages follow upstream's
// LogLocation/streamLocation (pkg/registry/core/pod/strategy.go) and the upgrade-aware proxy.
import { request as httpRequest, ServerResponse, type IncomingMessage, type Server } from 'node:http';
import { connect, isIPv6, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { ApiError } from '../../api/errors.ts';
import { forbidden, invalid, type FieldError } from '../../api/field.ts';
import type { ApiObject } from '../registry/object.ts';
import type { ResourceRequest } from './resource-handler.ts';

export interface NodeProxyDeps {
  getNode(name: string): Promise<ApiObject>;
}

/** The default kubelet port, used when a Node does not report one. */
const defaultKubeletPort = 10250;
/** Address types tried in order: Portico's agents report their InternalIP. */
const preferredAddressTypes = ['InternalIP', 'ExternalIP', 'Hostname', 'InternalDNS', 'ExternalDNS'];
const dialTimeoutMs = 30_000;
/** At most this much of a kubelet's error body is read (upstream's maxReadLength). */
const maxErrorBody = 50_000;

export class NodeProxy {
  readonly #deps: NodeProxyDeps;

  constructor(deps: NodeProxyDeps) {
    this.#deps = deps;
  }

  handle(r: ResourceRequest): Promise<void> {
    return r.subresource === 'log' ? this.#logs(r) : this.#exec(r);
  }

  async #logs(r: ResourceRequest): Promise<void> {
    if (r.req.method !== 'GET') throw ApiError.methodNotSupported({ group: '', resource: 'pods/log' }, methodVerb(r.req.method));
    const params = logParams(r.query, r.name!);
    const pod = await r.store.get(r.namespace, r.name!);
    const container = resolveContainer(pod, r.query.get('container') ?? '');
    if (!pod.spec?.nodeName) {
      // Upstream's LogLocation has no location for an unscheduled pod: an empty answer.
      r.res.writeHead(204, { 'Cache-Control': 'no-cache, private' });
      r.res.end();
      return;
    }
    const target = await this.#endpoint(pod.spec.nodeName);
    const url = `http://${target.hostPort}/containerLogs/${encodeURIComponent(pod.metadata.namespace!)}/${encodeURIComponent(pod.metadata.name!)}/${encodeURIComponent(container)}${params.size ? `?${params}` : ''}`;
    const upstream = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest(url, { agent: false, timeout: dialTimeoutMs }, resolve);
      req.on('timeout', () => req.destroy(Object.assign(new Error('i/o timeout'), { code: 'ETIMEDOUT' })));
      req.on('error', (err) => reject(new ApiError(500, '', `Get ${JSON.stringify(url)}: ${dialError(err, target.hostPort)}`)));
      r.res.on('close', () => req.destroy());
      req.end();
    });
    upstream.socket.setTimeout(0);
    if (upstream.statusCode! < 200 || upstream.statusCode! > 206) throw kubeletError(upstream.statusCode!, await readLimited(upstream), r.name!);
    r.res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
    r.res.flushHeaders();
    r.res.on('close', () => upstream.destroy());
    upstream.on('error', () => r.res.destroy());
    upstream.pipe(r.res);
  }

  async #exec(r: ResourceRequest): Promise<void> {
    const method = r.req.method ?? 'GET';
    if (method !== 'GET' && method !== 'POST') throw ApiError.methodNotSupported({ group: '', resource: 'pods/exec' }, methodVerb(method));
    const pod = await r.store.get(r.namespace, r.name!);
    const container = resolveContainer(pod, r.query.get('container') ?? '');
    if (!pod.spec?.nodeName) throw ApiError.badRequest(`pod ${r.name} does not have a host assigned`);
    const target = await this.#endpoint(pod.spec.nodeName);
    const upgrade = upgrades.get(r.req);
    if (!upgrade || !r.req.headers.upgrade) throw ApiError.badRequest('Upgrade request required');
    const params = execParams(r.query);
    const path = `/exec/${encodeURIComponent(pod.metadata.namespace!)}/${encodeURIComponent(pod.metadata.name!)}/${encodeURIComponent(container)}${params.size ? `?${params}` : ''}`;
    const backend = await dial(target.host, target.port, target.hostPort);
    if (upgrade.socket.destroyed) {
      backend.destroy();
      return;
    }
    upgrade.res.detachSocket(upgrade.socket as Socket);
    pipeUpgrade(r.req, path, target.hostPort, upgrade.socket, upgrade.head, backend);
  }

  /** The node's kubelet endpoint, as upstream's NodeConnectionInfoGetter finds it. */
  async #endpoint(nodeName: string): Promise<{ host: string; port: number; hostPort: string }> {
    const node = await this.#deps.getNode(nodeName);
    const addresses: Array<{ type?: string; address?: string }> = node.status?.addresses ?? [];
    let host: string | undefined;
    for (const type of preferredAddressTypes) {
      host = addresses.find((a) => a.type === type && a.address)?.address;
      if (host) break;
    }
    if (!host) throw new ApiError(500, '', `no preferred addresses found; known addresses: [${addresses.map((a) => `{${a.type ?? ''} ${a.address ?? ''}}`).join(' ')}]`);
    const reported = Number(node.status?.daemonEndpoints?.kubeletEndpoint?.Port ?? 0);
    const port = reported > 0 ? reported : defaultKubeletPort;
    return { host, port, hostPort: `${isIPv6(host) ? `[${host}]` : host}:${port}` };
  }
}

// ---- containers and options

interface ContainerLike {
  name: string;
}

/**
 * upstream validateContainer, plus the `kubectl.kubernetes.io/default-container` annotation
 * kubectl itself honours (kubectl names the container anyway; other clients get the same default).
 */
export function resolveContainer(pod: ApiObject, requested: string): string {
  const name = pod.metadata.name!;
  const spec = pod.spec ?? {};
  const containers: ContainerLike[] = spec.containers ?? [];
  const all = [...(spec.initContainers ?? []), ...containers, ...(spec.ephemeralContainers ?? [])].map((c: ContainerLike) => c.name);
  if (requested) {
    if (!all.includes(requested)) throw ApiError.badRequest(`container ${requested} is not valid for pod ${name}`);
    return requested;
  }
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (annotated && all.includes(annotated)) return annotated;
  if (containers.length === 1) return containers[0]!.name;
  if (containers.length === 0) throw ApiError.badRequest(`a container name must be specified for pod ${name}`);
  throw ApiError.badRequest(`a container name must be specified for pod ${name}, choose one of: [${all.join(' ')}]`);
}

/** url.Values → bool as upstream converts it: false only for `0` and `false`, and absent. */
function queryBool(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  return v !== null && v !== '0' && v.toLowerCase() !== 'false';
}

function queryInt(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^[+-]?\d+$/.test(v)) throw ApiError.badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
}

/** PodLogOptions from the query, validated (upstream ValidatePodLogOptions), as the kubelet's query. */
export function logParams(q: URLSearchParams, podName: string): URLSearchParams {
  const tailLines = queryInt(q, 'tailLines');
  const limitBytes = queryInt(q, 'limitBytes');
  const sinceSeconds = queryInt(q, 'sinceSeconds');
  const sinceTimeText = q.get('sinceTime');
  let sinceTime: string | undefined;
  if (sinceTimeText) {
    const t = Date.parse(sinceTimeText);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(sinceTimeText) || Number.isNaN(t)) throw ApiError.badRequest(`parsing time ${JSON.stringify(sinceTimeText)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(sinceTimeText)} as "2006"`);
    sinceTime = new Date(Math.floor(t / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z');
  }
  const errs: FieldError[] = [];
  if (tailLines !== undefined && tailLines < 0) errs.push(invalid('tailLines', tailLines, 'must be greater than or equal to 0'));
  if (limitBytes !== undefined && limitBytes < 1) errs.push(invalid('limitBytes', limitBytes, 'must be greater than 0'));
  if (sinceSeconds !== undefined && sinceTime !== undefined) errs.push(forbidden('', 'at most one of `sinceTime` or `sinceSeconds` may be specified'));
  else if (sinceSeconds !== undefined && sinceSeconds < 1) errs.push(invalid('sinceSeconds', sinceSeconds, 'must be greater than 0'));
  if (errs.length > 0) throw ApiError.invalid('', 'PodLogOptions', podName, errs);
  // Keys sorted, as Go's url.Values.Encode writes them.
  const out = new URLSearchParams();
  if (queryBool(q, 'follow')) out.set('follow', 'true');
  if (limitBytes !== undefined) out.set('limitBytes', String(limitBytes));
  if (queryBool(q, 'previous')) out.set('previous', 'true');
  if (sinceSeconds !== undefined) out.set('sinceSeconds', String(sinceSeconds));
  if (sinceTime !== undefined) out.set('sinceTime', sinceTime);
  if (tailLines !== undefined) out.set('tailLines', String(tailLines));
  if (queryBool(q, 'timestamps')) out.set('timestamps', 'true');
  return out;
}

/** PodExecOptions from the query as the kubelet's query: `command`s, then `error`/`input`/`output`/`tty` set to 1. */
export function execParams(q: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const c of q.getAll('command')) out.append('command', c);
  if (queryBool(q, 'stderr')) out.set('error', '1');
  if (queryBool(q, 'stdin')) out.set('input', '1');
  if (queryBool(q, 'stdout')) out.set('output', '1');
  if (queryBool(q, 'tty')) out.set('tty', '1');
  return out;
}

// ---- errors

/** upstream GenericHttpResponseChecker: a kubelet's non-2xx answer as the API's error. */
function kubeletError(code: number, body: string, podName: string): ApiError {
  if (code === 500) return ApiError.internal(body);
  if (code === 400) return ApiError.badRequest(body);
  const generic: Record<number, [ApiError['reason'], string]> = {
    403: ['Forbidden', body],
    404: ['NotFound', 'the server could not find the requested resource'],
    405: ['MethodNotAllowed', 'the server does not allow this method on the requested resource'],
    409: ['Conflict', 'the server reported a conflict'],
    422: ['Invalid', 'the server rejected our request due to an error in our request'],
    429: ['TooManyRequests', 'the server has received too many requests and has asked us to try again later'],
    503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
    504: ['Timeout', 'the server was unable to return a response in the time allotted, but may still be processing the request'],
  };
  const [reason, message] = generic[code] ?? (code >= 500 ? ['InternalError', `an error on the server (${JSON.stringify(body)}) has prevented the request from succeeding`] : ['', `the server responded with the status code ${code} but did not return more information`]);
  return new ApiError(code, reason, `${message} ( pods/log ${podName})`, { name: podName, kind: 'pods/log', causes: body ? [{ reason: 'UnexpectedServerResponse', message: body }] : undefined });
}

/** A Node dial failure in Go's words (`dial tcp 127.0.0.1:10250: connect: connection refused`). */
function dialError(err: NodeJS.ErrnoException, hostPort: string): string {
  const why: Record<string, string> = {
    ECONNREFUSED: 'connect: connection refused',
    EHOSTUNREACH: 'connect: no route to host',
    ENETUNREACH: 'connect: network is unreachable',
    EADDRNOTAVAIL: 'connect: cannot assign requested address',
    ETIMEDOUT: 'i/o timeout',
    ECONNRESET: 'read: connection reset by peer',
  };
  return `dial tcp ${hostPort}: ${(err.code && why[err.code]) ?? err.message}`;
}

function readLimited(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      if (size < maxErrorBody) chunks.push(c.subarray(0, maxErrorBody - size));
      size += c.length;
    });
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

const methodVerb = (method: string | undefined) => ({ GET: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' } as Record<string, string>)[method ?? ''] ?? String(method).toLowerCase();

// ---- upgraded connections

interface Upgrade {
  socket: Duplex;
  head: Buffer;
  res: ServerResponse;
}

/** Upgrade requests in flight, so a handler deep in the router can take over the socket. */
const upgrades = new WeakMap<IncomingMessage, Upgrade>();

/**
 * Routes upgrade requests (`Connection: Upgrade`) through the ordinary request handler with a
 * response bound to the socket, so every refusal is the usual Status; a handler that accepts
 * the upgrade (exec) takes the socket over. `closeAll` ends every upgraded connection
 * (server shutdown waits for them otherwise).
 */
export function acceptUpgrades(server: Server, handler: (req: IncomingMessage, res: ServerResponse) => void): { closeAll(): void } {
  const sockets = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Nothing reads the socket until a handler pipes it: keep early bytes buffered.
    socket.pause();
    socket.on('error', () => {});
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const res = new ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket as Socket);
    res.once('finish', () => socket.end());
    upgrades.set(req, { socket, head, res });
    handler(req, res);
  });
  return {
    closeAll() {
      for (const s of sockets) s.destroy();
    },
  };
}

function dial(host: string, port: number, hostPort: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setTimeout(dialTimeoutMs);
    socket.once('timeout', () => socket.destroy(Object.assign(new Error('i/o timeout'), { code: 'ETIMEDOUT' })));
    socket.once('error', (err) => reject(new ApiError(500, '', dialError(err, hostPort))));
    socket.once('connect', () => {
      socket.setTimeout(0);
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}

/** Replays the request to the kubelet with its path, then joins the two connections. */
function pipeUpgrade(req: IncomingMessage, path: string, hostPort: string, client: Duplex, head: Buffer, backend: Socket): void {
  const lines = [`${req.method} ${path} HTTP/1.1`, `Host: ${hostPort}`];
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === 'host') continue;
    lines.push(`${raw[i]}: ${raw[i + 1]}`);
  }
  backend.setNoDelay(true);
  backend.write(`${lines.join('\r\n')}\r\n\r\n`);
  if (head.length > 0) backend.write(head);
  // The kubelet's last bytes (the exec Status, the close frame) must reach the client: its
  // side is ended, not destroyed; a client that is gone takes the backend with it.
  backend.on('error', () => client.destroy());
  backend.on('close', () => client.end());
  client.on('error', () => backend.destroy());
  client.on('close', () => backend.destroy());
  backend.pipe(client);
  client.pipe(backend);
}
