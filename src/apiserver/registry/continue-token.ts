// List continue tokens in upstream's format (storage.EncodeContinue): base64 of
// {"v":"meta.k8s.io/v1","rv":<list revision>,"start":"<next key suffix>"}, so a token
// is opaque to clients yet pins the revision the first page was read at. An rv of -1
// (only handed out with a 410, see continueExpired) continues at the latest revision.
import { ApiError, type Status } from '../../api/errors.ts';

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

export function encodeContinue(startAfterKey: string, prefix: string, revision: number): string {
  const token: ContinueToken = { v: 'meta.k8s.io/v1', rv: revision, start: startAfterKey.slice(prefix.length) + '\u0000' };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

/** `revision` is undefined for a token that continues at the latest revision. */
export function decodeContinue(token: string, prefix: string): { startAfter: string; revision: number | undefined } {
  let parsed: ContinueToken;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
  } catch {
    throw ApiError.badRequest('continue key is not valid: illegal base64 data');
  }
  if (parsed.v !== 'meta.k8s.io/v1' || typeof parsed.rv !== 'number' || typeof parsed.start !== 'string' || !parsed.start.endsWith('\u0000')) {
    throw ApiError.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  if (parsed.rv === 0 || parsed.rv < -1 || !Number.isSafeInteger(parsed.rv)) throw ApiError.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  const rel = parsed.start.slice(0, -1);
  if (rel.includes('..') || rel.startsWith('/')) throw ApiError.badRequest('continue key is not valid: path traversal in key');
  return { startAfter: prefix + rel, revision: parsed.rv === -1 ? undefined : parsed.rv };
}

/** upstream etcd3 `expired`: an exact (non-paginated) read of a compacted revision. */
export const listTooOld = 'The resourceVersion for the provided list is too old.';

export const continueTooOld =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/**
 * upstream handleCompactedErrorForPaging: 410 Expired whose Status carries, in
 * metadata.continue, a token that resumes after the same key at the latest revision.
 */
export function continueExpired(startAfterKey: string | undefined, prefix: string): ApiError {
  return new ExpiredWithContinue(encodeContinue(startAfterKey ?? prefix, prefix, -1));
}

class ExpiredWithContinue extends ApiError {
  readonly #continue: string;
  constructor(token: string) {
    super(410, 'Expired', continueTooOld);
    this.#continue = token;
  }

  override toStatus(): Status {
    return { ...super.toStatus(), metadata: { continue: this.#continue } };
  }
}
