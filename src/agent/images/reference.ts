// Image references parsed as Docker and the kubelet parse them (github.com/distribution/reference
// ParseNormalizedNamed, then kubelet's applyDefaultImageTag), so a reference Kubernetes rejects
// is rejected here with the same words, and `nginx` means `docker.io/library/nginx:latest`.

export interface ImageReference {
  /** Registry host with optional port: `docker.io`, `registry.k8s.io`, `localhost:5000`. */
  domain: string;
  /** Repository path inside the registry: `library/nginx`, `e2e-test-images/agnhost`. */
  path: string;
  /** The tag as written, or `latest` when neither tag nor digest is given. */
  tag: string;
  /** `sha256:...` when the reference pins a digest, else empty. */
  digest: string;
}

// The grammar of distribution/reference regexp.go, written out as JavaScript regexps.
const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
const ipv6address = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainAndPort = `(?:${domainName}|${ipv6address})(?::[0-9]+)?`;
const tagPat = '[\\w][\\w.-]{0,127}';
const digestPat = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const namePat = `(?:${domainAndPort}/)?${remoteName}`;
const referenceRegexp = new RegExp(`^(${namePat})(?::(${tagPat}))?(?:@(${digestPat}))?$`);
const anchoredNameRegexp = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`);
const anchoredIdentifierRegexp = /^[a-f0-9]{64}$/;

// go-digest's registered algorithms as the kubelet links them (crypto/sha256, crypto/sha512).
const digestHexLength: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** splitDockerDomain: a first component with `.` or `:`, `localhost`, or uppercase is a registry. */
function splitDockerDomain(name: string): [string, string] {
  const slash = name.indexOf('/');
  if (slash === -1) return ['docker.io', `library/${name}`];
  const maybeDomain = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  let domain: string;
  let remote: string;
  if (maybeDomain === 'localhost') [domain, remote] = [maybeDomain, rest];
  else if (maybeDomain === 'index.docker.io') [domain, remote] = ['docker.io', rest];
  else if (/[.:]/.test(maybeDomain)) [domain, remote] = [maybeDomain, rest];
  else if (maybeDomain.toLowerCase() !== maybeDomain) [domain, remote] = [maybeDomain, rest];
  else [domain, remote] = ['docker.io', name];
  if (domain === 'docker.io' && !remote.includes('/')) remote = `library/${remote}`;
  return [domain, remote];
}

/** go-digest Digest.Validate, returning its error text. */
function validateDigest(d: string): string | undefined {
  const i = d.indexOf(':');
  if (i <= 0 || i + 1 === d.length) return 'invalid checksum digest format';
  const algorithm = d.slice(0, i);
  const encoded = d.slice(i + 1);
  const size = digestHexLength[algorithm];
  if (size === undefined) return 'unsupported digest algorithm';
  if (encoded.length !== size) return 'invalid checksum digest length';
  if (!/^[a-f0-9]+$/.test(encoded)) return 'invalid checksum digest format';
  return undefined;
}

/** reference.Parse: the error text distribution/reference gives, or the parts. */
function parse(s: string): { name: string; tag: string; digest: string } | string {
  if (s === '') return 'repository name must have at least one component';
  const m = referenceRegexp.exec(s);
  if (!m) {
    const lower = s.toLowerCase();
    if (lower !== s && referenceRegexp.test(lower)) return 'repository name must be lowercase';
    return 'invalid reference format';
  }
  const name = m[1]!;
  const nm = anchoredNameRegexp.exec(name);
  const path = nm ? nm[2]! : name;
  if (path.length > 255) return 'repository name must not be more than 255 characters';
  const digest = m[3] ?? '';
  if (digest) {
    const err = validateDigest(digest);
    if (err) return err;
  }
  return { name, tag: m[2] ?? '', digest };
}

/** ParseNormalizedNamed: the distribution/reference error text, or the normalized reference. */
function parseNormalizedNamed(s: string): ImageReference | string {
  if (anchoredIdentifierRegexp.test(s)) return `invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`;
  const [domain, remainder] = splitDockerDomain(s);
  const colon = remainder.indexOf(':');
  const remote = colon > -1 ? remainder.slice(0, colon) : remainder;
  if (remote.toLowerCase() !== remote) return `invalid reference format: repository name (${remote}) must be lowercase`;
  const r = parse(`${domain}/${remainder}`);
  if (typeof r === 'string') return r;
  const nm = anchoredNameRegexp.exec(r.name)!;
  return { domain: nm[1] ?? '', path: nm[2]!, tag: r.tag, digest: r.digest };
}

/**
 * Parses an image reference the way the kubelet does before pulling. On failure returns the
 * message kubelet puts in the InvalidImageName waiting state, e.g.
 * `Failed to apply default image tag "x y": couldn't parse image name "x y": invalid reference format`.
 */
export function parseImageReference(image: string): ImageReference | { error: string } {
  const r = parseNormalizedNamed(image);
  if (typeof r === 'string') {
    return { error: `Failed to apply default image tag ${JSON.stringify(image)}: couldn't parse image name ${JSON.stringify(image)}: ${r}` };
  }
  if (!r.tag && !r.digest) r.tag = 'latest';
  return r;
}

/** The fully qualified form: `docker.io/library/nginx:latest`, `...@sha256:...`. */
export function formatImageReference(r: ImageReference): string {
  return `${r.domain}/${r.path}${r.tag ? `:${r.tag}` : ''}${r.digest ? `@${r.digest}` : ''}`;
}
