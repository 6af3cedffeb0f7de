// netexec's HTTP endpoints (test/images/agnhost/netexec/netexec.go), with upstream's bodies,
// status codes and log lines. Paths match exactly, as in Go's ServeMux; anything else is `/`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { spawn } from 'node:child_process';
import { formatGoDuration, goAtoi, goJson, goLog, goQuote, parseGoDuration } from '../lib/go.ts';
import { goError, goHeaders, goRedirect, goWrite, validStatus } from '../lib/gohttp.ts';
import { addrString, podHostname } from '../lib/pod.ts';
import { dialHTTP, dialUDP, resolveAddr } from './netexec-dial.ts';

export interface NetexecState {
  /** The UDP server is up (upstream's serverReady); stays false when UDP is disabled. */
  ready: boolean;
  /** SIGTERM has arrived (readyz answers 503 from then on). */
  terminating: boolean;
  /** Graceful shutdown: stop accepting, let connections finish for at most timeout, then exit. */
  shutdown(code: number, timeoutNs: number): void;
}

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Request.FormValue. */
  form: (key: string) => string;
  state: NetexecState;
}

type Handler = (c: RouteContext) => void | Promise<void>;

/** A status Go's WriteHeader would panic on: the connection is dropped without a response. */
function drop(c: RouteContext): void {
  c.req.socket.destroy();
}

const root: Handler = ({ res }) => {
  goLog('GET /');
  goWrite(res, 200, `NOW: ${goNow()}`);
};

const hostname: (path: string) => Handler = (path) => ({ res }) => {
  goLog(`GET ${path}`);
  const name = podHostname();
  goLog(`hostname: ${name}`);
  goWrite(res, 200, name);
};

const echo: Handler = (c) => {
  const msg = c.form('msg');
  const codeString = c.form('code');
  goLog(`GET /echo?msg=${msg}&code=${codeString}`);
  let status = 200;
  if (codeString !== '') {
    const code = goAtoi(codeString);
    if (typeof code !== 'number') return goWrite(c.res, 200, `argument 'code' must be an integer or empty, got ${goQuote(codeString)}\n`);
    if (!validStatus(code)) return drop(c);
    status = code;
  }
  goWrite(c.res, status, msg);
};

const clientip: Handler = ({ req, res }) => {
  goLog('GET /clientip');
  goWrite(res, 200, addrString(req.socket.remoteAddress, req.socket.remotePort));
};

const header: Handler = ({ req, res, form }) => {
  const key = form('key');
  if (key !== '') {
    goLog(`GET /header?key=${key}`);
    const v = req.headersDistinct[key.toLowerCase()];
    goWrite(res, 200, key.toLowerCase() === 'host' ? '' : (v?.[0] ?? ''));
  } else {
    goLog('GET /header');
    goWrite(res, 200, goJson(goHeaders(req)));
  }
};

const exit: Handler = async (c) => {
  const waitString = c.form('wait');
  const timeoutString = c.form('timeout');
  const codeString = c.form('code');
  goLog(`GET /exit?code=${codeString}&timeout=${timeoutString}&wait=${waitString}`);
  const timeout = timeoutString === '' ? 0 : parseGoDuration(timeoutString);
  if (typeof timeout !== 'number') return goWrite(c.res, 200, `argument 'timeout' must be a valid golang duration or empty, got ${goQuote(timeoutString)}\n`);
  const wait = waitString === '' ? 0 : parseGoDuration(waitString);
  if (typeof wait !== 'number') return goWrite(c.res, 200, `argument 'wait' must be a valid golang duration or empty, got ${goQuote(waitString)}\n`);
  const code = codeString === '' ? 0 : goAtoi(codeString);
  if (typeof code !== 'number') return goWrite(c.res, 200, `argument 'code' must be an integer [0-127] or empty, got ${goQuote(codeString)}\n`);
  goLog(`Will begin shutdown in ${formatGoDuration(wait)}, allowing ${formatGoDuration(timeout)} for connections to close, then will exit with ${code}`);
  if (wait > 0) await new Promise((r) => setTimeout(r, wait / 1e6));
  if (timeout <= 0) process.exit(code);
  c.state.shutdown(code, timeout);
  // The handler returns after handing over the request: an empty 200, then the connection closes.
  c.res.shouldKeepAlive = false;
  goWrite(c.res, 200, '');
};

const healthz: Handler = ({ res, state }) => {
  goLog('GET /healthz');
  goWrite(res, state.ready ? 200 : 412, '');
};

const readyz: Handler = ({ res, state }) => {
  goLog('GET /readyz');
  if (state.terminating) return goWrite(res, 503, 'shutting down');
  if (state.ready) return goWrite(res, 200, 'ok');
  goWrite(res, 412, '');
};

const shutdown: Handler = () => {
  goLog('GET /shutdown');
  process.exit(0);
};

const redirect: Handler = (c) => {
  const location = c.form('location');
  const codeString = c.form('code');
  goLog(`${c.req.method} /redirect?msg=${location}&code=${codeString}`);
  let code = 302;
  if (codeString !== '') {
    const n = goAtoi(codeString);
    if (typeof n !== 'number') return goWrite(c.res, 200, `argument 'code' must be an integer or empty, got ${goQuote(codeString)}\n`);
    if (!validStatus(n)) return drop(c);
    code = n;
  }
  goRedirect(c.req, c.res, location, code, STATUS_CODES[code] ?? '');
};

/** /shell: `/bin/sh -c cmd`, combined output. Upstream answers 200 even when the command fails. */
const shell: Handler = (c) => {
  let cmd = c.form('shellCommand');
  if (cmd === '') cmd = c.form('cmd');
  goLog(`GET /shell?cmd=${cmd}`);
  return new Promise<void>((resolve) => {
    const out: Buffer[] = [];
    const output: Record<string, string> = {};
    const finish = () => {
      if (out.length > 0) output.output = Buffer.concat(out).toString('utf8');
      goLog(`Output: map[${Object.entries(output).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}:${v}`).join(' ')}]`);
      goWrite(c.res, 200, goJson(output));
      resolve();
    };
    const child = spawn('/bin/sh', ['-c', cmd], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => out.push(d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      output.error = `fork/exec /bin/sh: ${e.code === 'ENOENT' ? 'no such file or directory' : e.message}`;
      finish();
    });
    child.on('close', (code, signal) => {
      if (signal) output.error = `signal: ${signalText(signal)}`;
      else if (code !== 0) output.error = `exit status ${code}`;
      finish();
    });
  });
};

const dial: Handler = async ({ res, form }) => {
  const host = form('host');
  const port = form('port');
  const request = form('request');
  const protocol = form('protocol');
  const tryParam = form('tries');
  goLog(`GET /dial?host=${host}&protocol=${protocol}&port=${port}&request=${request}&tries=${tryParam}`);
  let tries = 1;
  if (tryParam.length > 0) {
    const t = goAtoi(tryParam);
    if (typeof t !== 'number') return goError(res, 400, `tries parameter is invalid. ${t.error}`);
    tries = t;
  }
  if (request.length === 0) return goError(res, 400, 'request parameter not specified. <nil>');
  const proto = protocol.toLowerCase();
  if (proto === 'sctp') return goError(res, 400, 'host and/or port param are invalid. SCTP is not supported by Portico');
  if (proto !== '' && proto !== 'http' && proto !== 'udp') return goError(res, 400, `unsupported protocol. ${protocol}`);
  const addr = await resolveAddr(proto === 'udp' ? 'udp' : 'tcp', host, port);
  if ('error' in addr) return goError(res, 400, `host and/or port param are invalid. ${addr.error}`);
  const dialer = proto === 'udp' ? dialUDP : dialHTTP;
  const errors: string[] = [];
  const responses: string[] = [];
  let last = '';
  for (let i = 0; i < tries; i++) {
    const r = await dialer(request, addr);
    if ('error' in r) {
      errors.push(r.error);
      last = '';
    } else {
      responses.push(r.ok);
      last = r.ok;
    }
  }
  // Upstream reports responses only when the last try answered something.
  const output: Record<string, string[]> = {};
  if (last.length > 0) output.responses = responses;
  if (errors.length > 0) output.errors = errors;
  goWrite(res, 200, goJson(output));
};

/** /upload needs a multipart file and the image's /uploads; answered as upstream does without a file. */
const upload: Handler = ({ res }) => {
  goLog('GET /upload');
  goWrite(res, 200, goJson({ error: 'Unable to upload file.' }));
};

export const routes: Record<string, Handler> = {
  '/': root,
  '/clientip': clientip,
  '/header': header,
  '/dial': dial,
  '/echo': echo,
  '/exit': exit,
  '/healthz': healthz,
  '/readyz': readyz,
  '/hostname': hostname('/hostname'),
  '/redirect': redirect,
  '/shell': shell,
  '/upload': upload,
  '/hostName': hostname('/hostName'),
  '/shutdown': shutdown,
};

const signalNames: Record<string, string> = { SIGKILL: 'killed', SIGTERM: 'terminated', SIGINT: 'interrupt', SIGSEGV: 'segmentation fault', SIGABRT: 'aborted', SIGHUP: 'hangup', SIGPIPE: 'broken pipe', SIGQUIT: 'quit' };
function signalText(signal: string): string {
  return signalNames[signal] ?? signal;
}

const started = process.hrtime.bigint();

/** time.Now().String(): `2024-07-10 12:00:00.123456789 +0000 UTC m=+1.234567890` (the pod's TZ is UTC). */
function goNow(): string {
  const now = new Date();
  const nanos = String(now.getUTCMilliseconds() * 1e6 + Number(process.hrtime.bigint() % 1_000_000n)).padStart(9, '0').replace(/0+$/, '');
  const iso = now.toISOString();
  const mono = Number(process.hrtime.bigint() - started) / 1e9;
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${nanos ? `.${nanos}` : ''} +0000 UTC m=+${mono.toFixed(9)}`;
}
