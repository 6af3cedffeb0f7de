// grpc probe: the standard health check (grpc.health.v1.Health/Check) over cleartext HTTP/2,
// worded as upstream pkg/probe/grpc. Like grpc-go's blocking dial, connection attempts are
// retried until the deadline, so a refused port ends in the connect-timeout message.
import { connect, type ClientHttp2Session } from 'node:http2';
import { STATUS_CODES } from 'node:http';
import { goDuration, goQuote, joinHostPort } from './go-format.ts';
import { kubeProbeUserAgent } from './http-probe.ts';
import type { ProbeOutcome } from './types.ts';

const codeNames = [
  'OK', 'Canceled', 'Unknown', 'InvalidArgument', 'DeadlineExceeded', 'NotFound', 'AlreadyExists', 'PermissionDenied',
  'ResourceExhausted', 'FailedPrecondition', 'Aborted', 'OutOfRange', 'Unimplemented', 'Internal', 'Unavailable', 'DataLoss', 'Unauthenticated',
];
const servingStatus = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];
const reconnectDelayMs = 100;

export async function grpcProbe(host: string, port: number, service: string, timeoutSeconds: number): Promise<ProbeOutcome> {
  const addr = joinHostPort(host, port);
  const deadline = Date.now() + timeoutSeconds * 1000;
  const session = await dial(addr, deadline);
  if (!session) {
    return { result: 'failure', message: `timeout: failed to connect service ${goQuote(addr)} within ${goDuration(timeoutSeconds)}: context deadline exceeded` };
  }
  try {
    const rpc = await check(session, service, deadline);
    if (rpc === 'timeout') return { result: 'failure', message: `timeout: health rpc did not complete within ${goDuration(timeoutSeconds)}` };
    if (rpc.code === 12) {
      return { result: 'failure', message: `this server doesn't implement the grpc health protocol (grpc.health.v1.Health): ${rpc.message}` };
    }
    if (rpc.code !== 0) {
      return { result: 'failure', message: `error: health rpc probe failed: rpc error: code = ${codeNames[rpc.code] ?? `Code(${rpc.code})`} desc = ${rpc.message}` };
    }
    const status = rpc.status ?? 0;
    if (status !== 1) return { result: 'failure', message: `service unhealthy (responded with ${goQuote(servingStatus[status] ?? String(status))})` };
    return { result: 'success', message: 'service is healthy' };
  } finally {
    session.destroy();
  }
}

/** Connects, retrying until the deadline; undefined if no connection was made in time. */
async function dial(addr: string, deadline: number): Promise<ClientHttp2Session | undefined> {
  while (Date.now() < deadline) {
    const session = await new Promise<ClientHttp2Session | undefined>((resolve) => {
      const s = connect(`http://${addr}`);
      const timer = setTimeout(() => done(undefined), Math.max(0, deadline - Date.now()));
      const done = (r: ClientHttp2Session | undefined) => {
        clearTimeout(timer);
        if (!r) s.destroy();
        resolve(r);
      };
      s.once('connect', () => done(s));
      s.once('error', () => done(undefined));
    });
    if (session) return session;
    await new Promise((r) => setTimeout(r, Math.min(reconnectDelayMs, Math.max(0, deadline - Date.now()))));
  }
  return undefined;
}

interface RpcResult {
  code: number;
  message: string;
  status?: number;
}

function check(session: ClientHttp2Session, service: string, deadline: number): Promise<RpcResult | 'timeout'> {
  return new Promise((resolve) => {
    const stream = session.request({
      ':method': 'POST',
      ':path': '/grpc.health.v1.Health/Check',
      'content-type': 'application/grpc',
      te: 'trailers',
      'user-agent': kubeProbeUserAgent,
      'grpc-timeout': `${Math.max(1, deadline - Date.now())}m`,
    });
    let settled = false;
    const done = (r: RpcResult | 'timeout') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stream.close();
      resolve(r);
    };
    const timer = setTimeout(() => done('timeout'), Math.max(0, deadline - Date.now()));
    let httpStatus = 0;
    let grpcStatus: string | undefined;
    let grpcMessage = '';
    const chunks: Buffer[] = [];
    const takeStatus = (h: Record<string, unknown>) => {
      if (h['grpc-status'] !== undefined) grpcStatus = String(h['grpc-status']);
      if (h['grpc-message'] !== undefined) grpcMessage = decodeURIComponent(String(h['grpc-message']));
    };
    stream.on('response', (h) => {
      httpStatus = Number(h[':status']);
      takeStatus(h);
    });
    stream.on('trailers', takeStatus);
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('error', (e) => done({ code: 14, message: e.message }));
    stream.on('close', () => {
      if (httpStatus !== 200) {
        const code = httpStatus === 404 ? 12 : [429, 502, 503, 504].includes(httpStatus) ? 14 : httpStatus === 401 ? 16 : httpStatus === 403 ? 7 : 2;
        return done({ code, message: `unexpected HTTP status code received from server: ${httpStatus} (${STATUS_CODES[httpStatus] ?? ''})` });
      }
      if (grpcStatus === undefined) return done({ code: 13, message: 'server closed the stream without sending trailers' });
      const code = Number(grpcStatus);
      if (code !== 0) return done({ code, message: grpcMessage });
      done({ code: 0, message: '', status: decodeHealthStatus(Buffer.concat(chunks)) });
    });
    stream.end(encodeHealthRequest(service));
  });
}

/** A length-prefixed gRPC message holding HealthCheckRequest{service}. */
export function encodeHealthRequest(service: string): Buffer {
  const s = Buffer.from(service);
  const body = s.length ? Buffer.concat([Buffer.from([0x0a]), varint(s.length), s]) : Buffer.alloc(0);
  const frame = Buffer.alloc(5);
  frame.writeUInt32BE(body.length, 1);
  return Buffer.concat([frame, body]);
}

/** HealthCheckResponse.status (field 1) from a length-prefixed gRPC message; 0 when absent. */
export function decodeHealthStatus(frame: Buffer): number {
  if (frame.length < 5) return 0;
  const msg = frame.subarray(5, 5 + frame.readUInt32BE(1));
  let i = 0;
  const readVarint = () => {
    let v = 0;
    let shift = 0;
    while (i < msg.length) {
      const b = msg[i++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
      shift += 7;
    }
    return v;
  };
  let status = 0;
  while (i < msg.length) {
    const tag = readVarint();
    const wire = tag & 7;
    if (wire === 0) {
      const v = readVarint();
      if (tag >>> 3 === 1) status = v;
    } else if (wire === 2) i += readVarint();
    else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else break;
  }
  return status;
}

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
}
