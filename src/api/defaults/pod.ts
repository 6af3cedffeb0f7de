// core/v1 defaulting for Pods and pod templates, as pkg/apis/core/v1/defaults.go and the
// generated zz_generated.defaults.go apply it. Functions mutate the (already copied) object.
import { defaultPullPolicy } from './image.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

function defaultHTTPGet(h: unknown): void {
  if (!isObj(h)) return;
  if (!h['path']) h['path'] = '/';
  if (!h['scheme']) h['scheme'] = 'HTTP';
}

function defaultHandler(h: unknown): void {
  if (!isObj(h)) return;
  defaultHTTPGet(h['httpGet']);
  // GRPCAction.service carries `+default=""` in the v1 types.
  if (isObj(h['grpc']) && h['grpc']['service'] === undefined) h['grpc']['service'] = '';
}

function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  defaultHandler(p);
  if (!p['timeoutSeconds']) p['timeoutSeconds'] = 1;
  if (!p['periodSeconds']) p['periodSeconds'] = 10;
  if (!p['successThreshold']) p['successThreshold'] = 1;
  if (!p['failureThreshold']) p['failureThreshold'] = 3;
}

function defaultFieldRef(f: unknown): void {
  if (isObj(f) && !f['apiVersion']) f['apiVersion'] = 'v1';
}

/** SetDefaults_Container plus the nested defaulters the generated code calls for it. */
export function defaultContainer(c: Obj): void {
  if (!c['imagePullPolicy']) c['imagePullPolicy'] = defaultPullPolicy(typeof c['image'] === 'string' ? c['image'] : '');
  if (!c['terminationMessagePath']) c['terminationMessagePath'] = '/dev/termination-log';
  if (!c['terminationMessagePolicy']) c['terminationMessagePolicy'] = 'File';
  for (const p of list(c['ports'])) if (!p['protocol']) p['protocol'] = 'TCP';
  for (const e of list(c['env'])) if (isObj(e['valueFrom'])) defaultFieldRef(e['valueFrom']['fieldRef']);
  defaultProbe(c['livenessProbe']);
  defaultProbe(c['readinessProbe']);
  defaultProbe(c['startupProbe']);
  if (isObj(c['lifecycle'])) {
    defaultHandler(c['lifecycle']['postStart']);
    defaultHandler(c['lifecycle']['preStop']);
  }
  // `resources` is a non-pointer struct in Go, so the apiserver always returns `resources: {}`.
  if (!isObj(c['resources'])) c['resources'] = {};
}

const volumeSources = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
];

/** SetDefaults_Volume and the per-source defaulters (file modes 0644, hostPath type ""). */
function defaultVolume(v: Obj): void {
  if (!volumeSources.some((k) => v[k] !== undefined && v[k] !== null)) v['emptyDir'] = {};
  if (isObj(v['hostPath']) && v['hostPath']['type'] === undefined) v['hostPath']['type'] = '';
  for (const k of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const s = v[k];
    if (isObj(s) && s['defaultMode'] === undefined) s['defaultMode'] = 0o644;
  }
  if (isObj(v['downwardAPI'])) for (const item of list(v['downwardAPI']['items'])) defaultFieldRef(item['fieldRef']);
  if (isObj(v['projected'])) {
    for (const src of list(v['projected']['sources'])) {
      if (isObj(src['serviceAccountToken']) && src['serviceAccountToken']['expirationSeconds'] === undefined) src['serviceAccountToken']['expirationSeconds'] = 3600;
      if (isObj(src['downwardAPI'])) for (const item of list(src['downwardAPI']['items'])) defaultFieldRef(item['fieldRef']);
    }
  }
}

/** hostNetwork pods listen on the node: hostPort defaults to containerPort. */
function defaultHostNetworkPorts(containers: unknown): void {
  for (const c of list(containers)) for (const p of list(c['ports'])) if (!p['hostPort']) p['hostPort'] = p['containerPort'];
}

/** SetDefaults_PodSpec (applies to pods and to every pod template). */
export function defaultPodSpec(spec: Obj): void {
  if (!spec['dnsPolicy']) spec['dnsPolicy'] = 'ClusterFirst';
  if (!spec['restartPolicy']) spec['restartPolicy'] = 'Always';
  // DefaultHostNetworkHostPortsInPodTemplates is off in 1.32: templates keep hostPort unset.
  if (!isObj(spec['securityContext'])) spec['securityContext'] = {};
  if (spec['terminationGracePeriodSeconds'] === undefined || spec['terminationGracePeriodSeconds'] === null) spec['terminationGracePeriodSeconds'] = 30;
  if (!spec['schedulerName']) spec['schedulerName'] = 'default-scheduler';
  // Conversion keeps the deprecated serviceAccount field in step with serviceAccountName.
  if (!spec['serviceAccountName'] && spec['serviceAccount']) spec['serviceAccountName'] = spec['serviceAccount'];
  if (spec['serviceAccountName']) spec['serviceAccount'] = spec['serviceAccountName'];
  for (const v of list(spec['volumes'])) defaultVolume(v);
  for (const c of list(spec['initContainers'])) defaultContainer(c);
  for (const c of list(spec['containers'])) defaultContainer(c);
  for (const c of list(spec['ephemeralContainers'])) defaultContainer(c);
}

/** SetDefaults_Pod: the pod-only extras (requests from limits, enableServiceLinks, hostNetwork ports). */
export function defaultPod(pod: Obj): void {
  if (!isObj(pod['spec'])) pod['spec'] = {};
  const spec = pod['spec'] as Obj;
  for (const key of ['containers', 'initContainers']) {
    for (const c of list(spec[key])) {
      const r = isObj(c['resources']) ? c['resources'] : (c['resources'] = {});
      if (isObj(r['limits'])) {
        const req = isObj(r['requests']) ? r['requests'] : (r['requests'] = {});
        for (const [k, v] of Object.entries(r['limits'])) if (!(k in req)) req[k] = v;
      }
    }
  }
  if (spec['enableServiceLinks'] === undefined || spec['enableServiceLinks'] === null) spec['enableServiceLinks'] = true;
  if (spec['hostNetwork'] === true) {
    defaultHostNetworkPorts(spec['containers']);
    defaultHostNetworkPorts(spec['initContainers']);
  }
  defaultPodSpec(spec);
}

/** A PodTemplateSpec inside a workload: only SetDefaults_PodSpec and nested defaulters. */
export function defaultPodTemplate(template: unknown): void {
  if (!isObj(template)) return;
  if (!isObj(template['spec'])) template['spec'] = {};
  defaultPodSpec(template['spec'] as Obj);
}

/**
 * What the default admission chain adds to a new Pod on a real cluster (Priority admission:
 * priority 0 / PreemptLowerPriority when no priorityClassName). Not defaulting: call it on
 * create only.
 */
export function admitPodDefaults(pod: Obj): void {
  const spec = isObj(pod['spec']) ? pod['spec'] : (pod['spec'] = {});
  if (!spec['priorityClassName'] && spec['priority'] === undefined) spec['priority'] = 0;
  if (!spec['preemptionPolicy']) spec['preemptionPolicy'] = 'PreemptLowerPriority';
}
