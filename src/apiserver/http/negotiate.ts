// Content negotiation for responses. kubectl asks for Tables with
// `application/json;as=Table;v=v1;g=meta.k8s.io`, and for aggregated discovery with
// `application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList`. Protobuf is
// offered by typed clients next to JSON; Portico answers those in JSON, which they accept.

export type ResponseFormat = 'json' | 'yaml' | 'table' | 'discovery-v2' | 'discovery-v2beta1';

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

function parseAccept(accept: string | undefined): MediaRange[] {
  if (!accept) return [];
  return accept.split(',').map((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim());
    const p: Record<string, string> = {};
    for (const kv of params) {
      const i = kv.indexOf('=');
      if (i > 0) p[kv.slice(0, i).trim()] = kv.slice(i + 1).trim();
    }
    return { type: (type ?? '').toLowerCase(), params: p };
  });
}

/** The first acceptable format in the client's order of preference. */
export function negotiate(accept: string | undefined, allowed: readonly ResponseFormat[]): ResponseFormat | undefined {
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return allowed.includes('json') ? 'json' : allowed[0];
  for (const r of ranges) {
    const f = formatOf(r);
    if (f && allowed.includes(f)) return f;
  }
  return undefined;
}

function formatOf(r: MediaRange): ResponseFormat | undefined {
  if (r.type === 'application/json' || r.type === '*/*' || r.type === 'application/*') {
    if (r.params.as === 'Table' && r.params.g === 'meta.k8s.io' && (r.params.v === 'v1' || r.params.v === 'v1beta1')) return 'table';
    if (r.params.as === 'APIGroupDiscoveryList' && r.params.g === 'apidiscovery.k8s.io') {
      return r.params.v === 'v2' ? 'discovery-v2' : r.params.v === 'v2beta1' ? 'discovery-v2beta1' : undefined;
    }
    if (r.params.as) return undefined;
    return 'json';
  }
  if (r.type === 'application/yaml') return 'yaml';
  return undefined;
}

export const contentTypes: Record<ResponseFormat, string> = {
  json: 'application/json',
  yaml: 'application/yaml',
  table: 'application/json;as=Table;v=v1;g=meta.k8s.io',
  'discovery-v2': 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
  'discovery-v2beta1': 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
};
