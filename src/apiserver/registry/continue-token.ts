// List continue tokens in upstream's format (storage.EncodeContinue): base64 of
// {"v":"meta.k8s.io/v1","rv":<list revision>,"start":"<next key suffix>"}, so a token
// is opaque to clients yet pins the revision the first page was read at.
import { ApiError } from '../../api/errors.ts';

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

export function encodeContinue(startAfterKey: string, prefix: string, revision: number): string {
  const token: ContinueToken = { v: 'meta.k8s.io/v1', rv: revision, start: startAfterKey.slice(prefix.length) + '\u0000' };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

export function decodeContinue(token: string, prefix: string): { startAfter: string; revision: number } {
  let parsed: ContinueToken;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
  } catch {
    throw ApiError.badRequest('continue key is not valid: illegal base64 data');
  }
  if (parsed.v !== 'meta.k8s.io/v1' || typeof parsed.rv !== 'number' || typeof parsed.start !== 'string' || !parsed.start.endsWith('\u0000')) {
    throw ApiError.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  const rel = parsed.start.slice(0, -1);
  if (rel.includes('..') || rel.startsWith('/')) throw ApiError.badRequest('continue key is not valid: path traversal in key');
  return { startAfter: prefix + rel, revision: parsed.rv };
}

export const continueTooOld =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';
