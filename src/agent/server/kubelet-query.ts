// Query parameters of the kubelet API, parsed the way upstream converts url.Values:
// a bool is false only for `0` or `false` (any case), present-but-empty is true; an int
// that does not parse fails the whole decode.
import { ApiError } from '../../api/errors.ts';
import type { ExecOptions, LogReadOptions } from '../contracts.ts';

export function queryBool(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  if (v === null) return false;
  return !(v === '0' || v.toLowerCase() === 'false');
}

function queryInt(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^[+-]?\d+$/.test(v)) throw undecodable();
  return Number(v);
}

// The kubelet's own words for a query it cannot decode.
const undecodable = () => ApiError.badRequest('Unable to decode query.');

/** `/containerLogs/...` options; validation as upstream's ValidatePodLogOptions (422 when violated). */
export function parseLogQuery(q: URLSearchParams): LogReadOptions {
  const opts: LogReadOptions = {};
  if (queryBool(q, 'follow')) opts.follow = true;
  if (queryBool(q, 'previous')) opts.previous = true;
  if (queryBool(q, 'timestamps')) opts.timestamps = true;
  opts.tailLines = queryInt(q, 'tailLines');
  opts.sinceSeconds = queryInt(q, 'sinceSeconds');
  opts.limitBytes = queryInt(q, 'limitBytes');
  const sinceTime = q.get('sinceTime');
  if (sinceTime) {
    if (Number.isNaN(Date.parse(sinceTime))) throw undecodable();
    opts.sinceTime = sinceTime;
  }
  const errs: string[] = [];
  if (opts.tailLines !== undefined && opts.tailLines < 0) errs.push(`tailLines: Invalid value: ${opts.tailLines}: must be greater than or equal to 0`);
  if (opts.limitBytes !== undefined && opts.limitBytes < 1) errs.push(`limitBytes: Invalid value: ${opts.limitBytes}: must be greater than 0`);
  if (opts.sinceSeconds !== undefined && opts.sinceTime !== undefined) errs.push('Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified');
  else if (opts.sinceSeconds !== undefined && opts.sinceSeconds < 1) errs.push(`sinceSeconds: Invalid value: ${opts.sinceSeconds}: must be greater than 0`);
  if (errs.length > 0) throw new ApiError(422, 'Invalid', `invalid request: ${errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`}`);
  for (const k of Object.keys(opts) as (keyof LogReadOptions)[]) if (opts[k] === undefined) delete opts[k];
  return opts;
}

export interface ExecQuery extends ExecOptions {
  argv: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/**
 * `/exec/...` options. The API server forwards the kubelet's names (`input`, `output`,
 * `error`, `tty` set to `1`); the PodExecOptions names (`stdin`, `stdout`, `stderr`) are
 * accepted too, so the agent can be called directly.
 */
export function parseExecQuery(q: URLSearchParams): ExecQuery {
  const flag = (kubelet: string, api: string) => q.get(kubelet) === '1' || queryBool(q, api);
  const tty = q.get('tty') === '1' || queryBool(q, 'tty');
  const stdin = flag('input', 'stdin');
  const stdout = flag('output', 'stdout');
  // A terminal merges stderr into stdout: the kubelet drops the stream rather than failing.
  const stderr = flag('error', 'stderr') && !tty;
  if (!stdin && !stdout && !stderr) throw ApiError.badRequest('you must specify at least 1 of stdin, stdout, stderr');
  const argv = q.getAll('command');
  if (argv.length === 0) throw ApiError.badRequest('you must specify at least one command for the container');
  return { argv, stdin, stdout, stderr, tty };
}
