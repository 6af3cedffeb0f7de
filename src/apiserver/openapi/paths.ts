// The `paths` of one group-version document, generated from the resource catalog so a new
// resource or subresource shows up without touching this file. Operation shapes follow
// upstream's documents: kubectl needs `x-kubernetes-group-version-kind` (an object) and the
// `fieldValidation` parameter on each PATCH before it will apply/create/edit that kind.
import { type ResourceInfo } from '../../api/resources.ts';
import { deleteParams, listParams, P, patchParams, writeParams, type Parameter } from './parameters.ts';
import { schemaNameFor } from './schemas.ts';

type GVK = { group: string; version: string; kind: string };
type Operation = Record<string, unknown>;
type PathItem = Record<string, unknown>;

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const objectTypes = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const watchTypes = ['application/json', 'application/json;stream=watch', 'application/vnd.kubernetes.protobuf', 'application/vnd.kubernetes.protobuf;stream=watch', 'application/yaml'];
const patchTypes = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];

function content(types: string[], schema: unknown) {
  return Object.fromEntries(types.map((t) => [t, { schema }]));
}
function ok(schema: unknown, codes = ['200'], types = objectTypes) {
  const r: Record<string, unknown> = {};
  for (const c of codes) r[c] = { content: content(types, schema), description: { '200': 'OK', '201': 'Created', '202': 'Accepted' }[c] };
  r['401'] = { description: 'Unauthorized' };
  return r;
}

/** `CoreV1`, `AppsV1`, `DiscoveryV1`: the group-version part of upstream's operationIds. */
function opGroup(group: string, version: string): string {
  const g = group === '' ? 'core' : group.split('.')[0]!;
  return g[0]!.toUpperCase() + g.slice(1) + version[0]!.toUpperCase() + version.slice(1);
}
const tagOf = (group: string, version: string) => `${group === '' ? 'core' : group.split('.')[0]}_${version}`;

function op(action: string, opId: string, gvk: GVK, description: string, parameters: Parameter[], responses: unknown, tag: string, extra: Operation = {}): Operation {
  return {
    description,
    operationId: opId,
    ...(parameters.length ? { parameters } : {}),
    ...extra,
    responses,
    tags: [tag],
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
  };
}

const bodyOf = (schema: unknown) => ({ requestBody: { content: { '*/*': { schema } }, required: true } });
const patchBody = { requestBody: { content: content(patchTypes, ref(`${META}Patch`)), required: true } };

export function pathsFor(gvResources: readonly ResourceInfo[]): Record<string, PathItem> {
  const paths: Record<string, PathItem> = {};
  for (const r of gvResources) addResource(paths, r);
  return Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function addResource(paths: Record<string, PathItem>, r: ResourceInfo): void {
  const prefix = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const gvk: GVK = { group: r.group, version: r.version, kind: r.kind };
  const schema = schemaNameFor(r.group, r.version, r.kind);
  const listSchema = schemaNameFor(r.group, r.version, r.listKind);
  if (!schema || !listSchema) throw new Error(`no schema for ${r.group}/${r.version} ${r.kind}; run gen/generate.ts`);
  const obj = ref(schema);
  const G = opGroup(r.group, r.version);
  const tag = tagOf(r.group, r.version);
  const ns = r.namespaced ? 'Namespaced' : '';
  const can = (v: string) => r.verbs.includes(v);
  const scope = r.namespaced ? `/namespaces/{namespace}/${r.plural}` : `/${r.plural}`;
  const scopeParams = r.namespaced ? [P.namespace] : [];
  const nameParam = P.name(r.kind);

  const coll: PathItem = { parameters: [...scopeParams, P.pretty] };
  if (can('list')) coll.get = op('list', `list${G}${ns}${r.kind}`, gvk, `list or watch objects of kind ${r.kind}`, listParams, ok(ref(listSchema), ['200'], watchTypes), tag);
  if (can('create')) coll.post = op('post', `create${G}${ns}${r.kind}`, gvk, `create ${article(r.kind)}`, writeParams, ok(obj, ['200', '201', '202']), tag, bodyOf(obj));
  if (can('deletecollection')) {
    coll.delete = op('deletecollection', `delete${G}Collection${ns}${r.kind}`, gvk, `delete collection of ${r.kind}`, [...deleteParams, ...listParams.filter((p) => p.name !== 'watch' && p.name !== 'allowWatchBookmarks')], ok(ref(`${META}Status`)), tag, bodyOf(ref(`${META}DeleteOptions`)));
  }
  paths[prefix + scope] = coll;

  const item: PathItem = { parameters: [nameParam, ...scopeParams, P.pretty] };
  if (can('get')) item.get = op('get', `read${G}${ns}${r.kind}`, gvk, `read the specified ${r.kind}`, [], ok(obj), tag);
  if (can('update')) item.put = op('put', `replace${G}${ns}${r.kind}`, gvk, `replace the specified ${r.kind}`, writeParams, ok(obj, ['200', '201']), tag, bodyOf(obj));
  if (can('patch')) item.patch = op('patch', `patch${G}${ns}${r.kind}`, gvk, `partially update the specified ${r.kind}`, patchParams, ok(obj, ['200', '201']), tag, patchBody);
  if (can('delete')) item.delete = op('delete', `delete${G}${ns}${r.kind}`, gvk, `delete ${article(r.kind)}`, deleteParams, ok(obj, ['200', '202']), tag, { requestBody: { content: { '*/*': { schema: ref(`${META}DeleteOptions`) } } } });
  paths[`${prefix}${scope}/{name}`] = item;

  if (can('watch')) {
    const watchEvent = ref(`${META}WatchEvent`);
    paths[`${prefix}/watch${scope}`] = {
      get: op('watchlist', `watch${G}${ns}${r.kind}List`, gvk, `watch individual changes to a list of ${r.kind}. deprecated: use the 'watch' parameter with a list operation instead.`, [], ok(watchEvent, ['200'], watchTypes), tag),
      parameters: [...listParams, ...scopeParams, P.pretty],
    };
    paths[`${prefix}/watch${scope}/{name}`] = {
      get: op('watch', `watch${G}${ns}${r.kind}`, gvk, `watch changes to an object of kind ${r.kind}. deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.`, [], ok(watchEvent, ['200'], watchTypes), tag),
      parameters: [...listParams, nameParam, ...scopeParams, P.pretty],
    };
  }
  if (r.namespaced && can('list')) {
    paths[`${prefix}/${r.plural}`] = {
      get: op('list', `list${G}${r.kind}ForAllNamespaces`, gvk, `list or watch objects of kind ${r.kind}`, [], ok(ref(listSchema), ['200'], watchTypes), tag),
      parameters: [...listParams, P.pretty],
    };
    if (can('watch')) {
      paths[`${prefix}/watch/${r.plural}`] = {
        get: op('watchlist', `watch${G}${r.kind}ListForAllNamespaces`, gvk, `watch individual changes to a list of ${r.kind}. deprecated: use the 'watch' parameter with a list operation instead.`, [], ok(ref(`${META}WatchEvent`), ['200'], watchTypes), tag),
        parameters: [...listParams, P.pretty],
      };
    }
  }

  for (const sub of r.subresources) {
    const path = `${prefix}${scope}/{name}/${sub}`;
    const item = addSubresource(sub, r, { G, ns, tag, gvk, obj });
    if (item) paths[path] = { ...item, parameters: [P.name(subjectOf(sub, r.kind)), ...scopeParams, ...((item.parameters as Parameter[]) ?? [P.pretty])] };
  }
}

function subjectOf(sub: string, kind: string): string {
  return ({ scale: 'Scale', binding: 'Binding', eviction: 'Eviction', exec: 'PodExecOptions', attach: 'PodAttachOptions', portforward: 'PodPortForwardOptions', proxy: `${kind}ProxyOptions` } as Record<string, string>)[sub] ?? kind;
}

interface Ctx {
  G: string;
  ns: string;
  tag: string;
  gvk: GVK;
  obj: unknown;
}

// `sub` is a plain string so the catalog's Subresource union can grow or shrink freely;
// unknown subresources simply get no path.
function addSubresource(sub: string, r: ResourceInfo, c: Ctx): PathItem | undefined {
  const K = `${c.ns}${r.kind}`;
  const q = (name: string, description: string, type = 'string'): Parameter => ({ description, in: 'query', name, schema: { type, uniqueItems: true } });
  switch (sub) {
    case 'status':
      return {
        get: op('get', `read${c.G}${K}Status`, c.gvk, `read status of the specified ${r.kind}`, [], ok(c.obj), c.tag),
        patch: op('patch', `patch${c.G}${K}Status`, c.gvk, `partially update status of the specified ${r.kind}`, patchParams, ok(c.obj, ['200', '201']), c.tag, patchBody),
        put: op('put', `replace${c.G}${K}Status`, c.gvk, `replace status of the specified ${r.kind}`, writeParams, ok(c.obj, ['200', '201']), c.tag, bodyOf(c.obj)),
      };
    case 'scale': {
      const scale = ref('io.k8s.api.autoscaling.v1.Scale');
      const gvk = { group: 'autoscaling', version: 'v1', kind: 'Scale' };
      return {
        get: op('get', `read${c.G}${K}Scale`, gvk, `read scale of the specified ${r.kind}`, [], ok(scale), c.tag),
        patch: op('patch', `patch${c.G}${K}Scale`, gvk, `partially update scale of the specified ${r.kind}`, patchParams, ok(scale, ['200', '201']), c.tag, patchBody),
        put: op('put', `replace${c.G}${K}Scale`, gvk, `replace scale of the specified ${r.kind}`, writeParams, ok(scale, ['200', '201']), c.tag, bodyOf(scale)),
      };
    }
    case 'finalize':
      return { put: op('put', `replace${c.G}${K}Finalize`, c.gvk, `replace finalize of the specified ${r.kind}`, writeParams, ok(c.obj, ['200', '201']), c.tag, bodyOf(c.obj)) };
    case 'binding': {
      const b = ref('io.k8s.api.core.v1.Binding');
      return { post: op('post', `create${c.G}${K}Binding`, { group: '', version: 'v1', kind: 'Binding' }, `create binding of ${article(r.kind)}`, writeParams, ok(b, ['200', '201', '202']), c.tag, bodyOf(b)) };
    }
    case 'eviction': {
      const e = ref('io.k8s.api.policy.v1.Eviction');
      return { post: op('post', `create${c.G}${K}Eviction`, { group: 'policy', version: 'v1', kind: 'Eviction' }, `create eviction of ${article(r.kind)}`, writeParams, ok(e, ['200', '201', '202']), c.tag, bodyOf(e)) };
    }
    case 'log': {
      const params = [
        q('container', 'The container for which to stream logs. Defaults to only container if there is one container in the pod.'),
        q('follow', 'Follow the log stream of the pod. Defaults to false.', 'boolean'),
        q('insecureSkipTLSVerifyBackend', 'insecureSkipTLSVerifyBackend indicates that the apiserver should not confirm the validity of the serving certificate of the backend it is connecting to.  This will make the HTTPS connection between the apiserver and the backend insecure. This means the apiserver cannot verify the log data it is receiving came from the real kubelet.  If the kubelet is configured to verify the apiserver\'s TLS credentials, it does not mean the connection to the real kubelet is vulnerable to a man in the middle attack (e.g. an attacker could not intercept the actual log data coming from the real kubelet).', 'boolean'),
        q('limitBytes', 'If set, the number of bytes to read from the server before terminating the log output. This may not display a complete final line of logging, and may return slightly more or slightly less than the specified limit.', 'integer'),
        q('previous', 'Return previous terminated container logs. Defaults to false.', 'boolean'),
        q('sinceSeconds', 'A relative time in seconds before the current time from which to show logs. If this value precedes the time a pod was started, only logs since the pod start will be returned. If this value is in the future, no logs will be returned. Only one of sinceSeconds or sinceTime may be specified.', 'integer'),
        q('stream', 'Specify which container log stream to return to the client. Acceptable values are "All", "Stdout" and "Stderr". If not specified, "All" is used, and both stdout and stderr are returned interleaved. Note that when "TailLines" is specified, "Stream" can only be set to nil or "All".'),
        q('tailLines', 'If set, the number of lines from the end of the logs to show. If not specified, logs are shown from the creation of the container or sinceSeconds or sinceTime. Note that when "TailLines" is specified, "Stream" can only be set to nil or "All".', 'integer'),
        q('timestamps', 'If true, add an RFC3339 or RFC3339Nano timestamp at the beginning of every line of log output. Defaults to false.', 'boolean'),
      ];
      return {
        get: op('get', `read${c.G}${K}Log`, c.gvk, `read log of the specified ${r.kind}`, [], ok({ type: 'string' }, ['200'], ['application/json', 'application/vnd.kubernetes.protobuf', 'application/yaml', 'text/plain']), c.tag),
        parameters: params,
      };
    }
    case 'exec':
    case 'attach':
    case 'portforward':
    case 'proxy': {
      const kind = subjectOf(sub, r.kind);
      const gvk = { group: r.group, version: r.version, kind };
      const name = ({ exec: 'Exec', attach: 'Attach', portforward: 'Portforward', proxy: 'Proxy' } as Record<string, string>)[sub];
      const params: Parameter[] = ({
        exec: [q('command', 'Command is the remote command to execute. argv array. Not executed within a shell.'), q('container', 'Container in which to execute the command. Defaults to only container if there is only one container in the pod.'), q('stderr', 'Redirect the standard error stream of the pod for this call.', 'boolean'), q('stdin', 'Redirect the standard input stream of the pod for this call. Defaults to false.', 'boolean'), q('stdout', 'Redirect the standard output stream of the pod for this call.', 'boolean'), q('tty', 'TTY if true indicates that a tty will be allocated for the exec call. Defaults to false.', 'boolean')],
        attach: [q('container', 'The container in which to execute the command. Defaults to only container if there is only one container in the pod.'), q('stderr', 'Stderr if true indicates that stderr is to be redirected for the attach call. Defaults to true.', 'boolean'), q('stdin', 'Stdin if true, redirects the standard input stream of the pod for this call. Defaults to false.', 'boolean'), q('stdout', 'Stdout if true indicates that stdout is to be redirected for the attach call. Defaults to true.', 'boolean'), q('tty', 'TTY if true indicates that a tty will be allocated for the attach call. This is passed through the container runtime so the tty is allocated on the worker node by the container runtime. Defaults to false.', 'boolean')],
        portforward: [q('ports', 'List of ports to forward Required when using WebSockets', 'integer')],
        proxy: [q('path', `Path is the URL path to use for the current proxy request to ${r.kind.toLowerCase()}.`)],
      } as Record<string, Parameter[]>)[sub]!;
      const connect = (verb: string) => op('connect', `connect${c.G}${verb}${K}${name}`, gvk, `connect ${verb.toUpperCase()} requests to ${sub} of ${r.kind}`, [], { '200': { content: { '*/*': { schema: { type: 'string' } } }, description: 'OK' }, '401': { description: 'Unauthorized' } }, c.tag);
      return { get: connect('Get'), post: connect('Post'), parameters: params };
    }
  }
  return undefined;
}

function article(kind: string): string {
  return /^[AEIOU]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}
