// Defaulting for the remaining core, discovery and coordination kinds Portico serves.
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** SetDefaults_Namespace (+Status): the kubernetes.io/metadata.name label and phase Active. */
export function defaultNamespace(ns: Obj): void {
  const meta = isObj(ns['metadata']) ? ns['metadata'] : (ns['metadata'] = {});
  // Nameless (generateName) namespaces get the label from the registry after the name exists.
  if (typeof meta['name'] === 'string' && meta['name']) {
    const labels = isObj(meta['labels']) ? meta['labels'] : (meta['labels'] = {});
    labels['kubernetes.io/metadata.name'] = meta['name'];
  }
  const status = isObj(ns['status']) ? ns['status'] : (ns['status'] = {});
  if (!status['phase']) status['phase'] = 'Active';
}

/**
 * The namespace strategy's PrepareForCreate, not a defaulter: on create only, status is reset
 * to Active and the "kubernetes" finalizer is appended. Finalizers may later be removed, which
 * is why upstream keeps this out of defaulting (defaults run on every decode).
 */
export function prepareNamespaceForCreate(ns: Obj): void {
  ns['status'] = { phase: 'Active' };
  const spec = isObj(ns['spec']) ? ns['spec'] : (ns['spec'] = {});
  const finalizers = Array.isArray(spec['finalizers']) ? (spec['finalizers'] as unknown[]) : [];
  if (!finalizers.includes('kubernetes')) spec['finalizers'] = [...finalizers, 'kubernetes'];
}

/** SetDefaults_NodeStatus: allocatable defaults to capacity. */
export function defaultNode(node: Obj): void {
  const status = node['status'];
  if (isObj(status) && status['allocatable'] === undefined && isObj(status['capacity'])) status['allocatable'] = { ...status['capacity'] };
}

/** SetDefaults_Endpoints: subset ports default to TCP. */
export function defaultEndpoints(ep: Obj): void {
  for (const ss of list(ep['subsets'])) for (const p of list(ss['ports'])) if (!p['protocol']) p['protocol'] = 'TCP';
}

/** discovery/v1 SetDefaults_EndpointPort: name "" and protocol TCP (both are pointers in Go). */
export function defaultEndpointSlice(slice: Obj): void {
  for (const p of list(slice['ports'])) {
    if (p['name'] === undefined || p['name'] === null) p['name'] = '';
    if (p['protocol'] === undefined || p['protocol'] === null) p['protocol'] = 'TCP';
  }
}
