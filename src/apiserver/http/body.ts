// Request bodies: size limit, and decoding of JSON, YAML and Kubernetes protobuf into
// plain objects. Decode errors are worded as upstream's transformDecodeError words them,
// because kubectl prints them verbatim.
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError } from '../../api/errors.ts';
import { decodeKubernetesProtobuf } from '../protobuf/index.ts';

/** Upstream's MaxRequestBodyBytes. */
export const maxBodyBytes = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBodyBytes) {
    req.resume();
    throw ApiError.tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) {
      req.resume();
      throw ApiError.tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase();
}

/** upstream summarizeData: a short excerpt of the body for error messages. */
function summarize(data: Buffer, max = 30): string {
  if (data.length === 0) return '<empty>';
  if (data[0] === 0x7b) return data.length > max ? data.subarray(0, max).toString('utf8') + ' ...' : data.toString('utf8');
  return data.length > max ? data.subarray(0, max).toString('hex') + ' ...' : data.toString('hex');
}

export interface DecodedBody {
  obj: Record<string, any>;
}

/**
 * Decodes a full object body (create/update) of one of the three object media types.
 * `expectKind` names the kind the URL takes, for error messages.
 */
export function decodeObjectBody(body: Buffer, type: string, expectKind: string): Record<string, any> {
  let value: unknown;
  if (type === 'application/json') {
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch (e) {
      throw ApiError.badRequest(`the object provided is unrecognized (must be of type ${expectKind}): couldn't get version/kind; json parse error: ${(e as Error).message} (${summarize(body)})`);
    }
  } else if (type === 'application/yaml') {
    try {
      value = parseYaml(body.toString('utf8'), { version: '1.1' });
    } catch (e) {
      throw ApiError.badRequest(`the object provided is unrecognized (must be of type ${expectKind}): couldn't get version/kind; yaml parse error: ${(e as Error).message.split('\n')[0]} (${summarize(body)})`);
    }
  } else if (type === 'application/vnd.kubernetes.protobuf') {
    const decoded = decodeKubernetesProtobuf(body);
    value = { ...decoded.object, apiVersion: decoded.apiVersion, kind: decoded.kind };
  } else {
    throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw ApiError.badRequest(`the object provided is unrecognized (must be of type ${expectKind}): couldn't get version/kind; json parse error: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" } (${summarize(body)})`);
  }
  return value as Record<string, any>;
}

/** Parses a patch document; JSON for every patch type, YAML also accepted for apply. */
export function decodePatchBody(body: Buffer, type: string): unknown {
  const text = body.toString('utf8');
  try {
    return type === 'application/apply-patch+yaml' ? parseYaml(text, { version: '1.1' }) : JSON.parse(text);
  } catch (e) {
    throw ApiError.badRequest(`error decoding patch: ${(e as Error).message.split('\n')[0]}`);
  }
}
