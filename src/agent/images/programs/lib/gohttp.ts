// Responses the way Go's net/http writes them: a sniffed Content-Type for written bodies,
// http.Error's plain-text form, http.Redirect's body, and Request.FormValue.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { canonicalHeaderKey } from './go.ts';

/** The part of http.DetectContentType these programs need: HTML, or UTF-8 text. */
function sniff(body: string): string {
  const head = body.trimStart().slice(0, 14).toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<head') || head.startsWith('<body')) return 'text/html; charset=utf-8';
  return 'text/plain; charset=utf-8';
}

/** w.WriteHeader(status) then fmt.Fprint(w, body): Content-Type is sniffed when there is a body. */
export function goWrite(res: ServerResponse, status: number, body: string): void {
  if (body.length > 0 && !res.hasHeader('Content-Type')) res.setHeader('Content-Type', sniff(body));
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.statusCode = status;
  res.end(body);
}

/** http.Error: plain text with a trailing newline, and nosniff. */
export function goError(res: ServerResponse, status: number, message: string): void {
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  goWrite(res, status, `${message}\n`);
}

/**
 * A status Go would refuse (WriteHeader panics outside 100..999): the server recovers the panic
 * by dropping the connection without a response.
 */
export function validStatus(code: number): boolean {
  return Number.isInteger(code) && code >= 100 && code <= 999;
}

/** path.Clean, keeping a trailing slash as net/http does. */
export function cleanPath(p: string): string {
  if (p === '') return '/';
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!abs) out.push('..');
    } else out.push(seg);
  }
  let c = (abs ? '/' : '') + out.join('/');
  if (c === '') c = abs ? '/' : '.';
  if (p.endsWith('/') && c !== '/') c += '/';
  return c;
}

const htmlEscapes: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&#34;', "'": '&#39;' };

/** http.Redirect: absolute-izes a relative location against the request path and writes Go's body. */
export function goRedirect(req: IncomingMessage, res: ServerResponse, location: string, code: number, statusText: string): void {
  let url = location;
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(url) && !url.startsWith('//')) {
    const oldpath = new URL(req.url ?? '/', 'http://x').pathname || '/';
    if (url === '' || url[0] !== '/') url = oldpath.slice(0, oldpath.lastIndexOf('/') + 1) + url;
    let query = '';
    const q = url.indexOf('?');
    if (q !== -1) [url, query] = [url.slice(0, q), url.slice(q)];
    url = cleanPath(url) + query;
  }
  res.setHeader('Location', url.replace(/[^\x00-\x7f]/g, (c) => encodeURIComponent(c)));
  if (req.method === 'GET' || req.method === 'HEAD') res.setHeader('Content-Type', 'text/html; charset=utf-8');
  const body = req.method === 'GET' ? `<a href="${url.replace(/[<>&"']/g, (c) => htmlEscapes[c]!)}">${statusText}</a>.\n\n` : '';
  goWrite(res, code, body);
}

/** Request.FormValue: the first value from a urlencoded POST/PUT/PATCH body, else from the query. */
export async function readForm(req: IncomingMessage, url: URL): Promise<(key: string) => string> {
  let post = new URLSearchParams();
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if ((req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH') && type === 'application/x-www-form-urlencoded') {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    post = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  }
  return (key) => post.get(key) ?? url.searchParams.get(key) ?? '';
}

/** r.Header as Go holds it: canonical keys, every value, without Host (Go moves it to r.Host). */
export function goHeaders(req: IncomingMessage): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(req.headersDistinct)) {
    if (k === 'host' || !v) continue;
    out[canonicalHeaderKey(k)] = v;
  }
  return out;
}
