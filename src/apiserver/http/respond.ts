// Writing responses. Errors become Status objects here and nowhere else.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { stringify as toYaml } from 'yaml';
import { ApiError } from '../../api/errors.ts';
import { contentTypes, type ResponseFormat } from './negotiate.ts';

export function writeJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json', headers: OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private', ...headers });
  res.end(text);
}

export function writeFormatted(res: ServerResponse, code: number, body: unknown, format: ResponseFormat, headers: OutgoingHttpHeaders = {}): void {
  if (format === 'yaml') {
    const text = toYaml(body, { version: '1.1' });
    res.writeHead(code, { 'Content-Type': contentTypes.yaml, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private', ...headers });
    res.end(text);
    return;
  }
  writeJson(res, code, body, contentTypes[format], headers);
}

export function writeText(res: ServerResponse, code: number, text: string, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(text);
}

/** The single place where failures become Kubernetes Status responses. */
export function writeError(res: ServerResponse, err: unknown, log: (msg: string, err: unknown) => void): void {
  const apiErr = err instanceof ApiError ? err : ApiError.internal(err instanceof Error ? err.message : String(err));
  if (!(err instanceof ApiError)) log('internal error', err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  writeJson(res, apiErr.code, apiErr.toStatus());
}

/** The `Warning` header value: 299 with the message quoted, inner quotes escaped (kubectl drops raw ones). */
export function warningHeader(warnings: readonly string[]): OutgoingHttpHeaders {
  if (warnings.length === 0) return {};
  return { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`) };
}
