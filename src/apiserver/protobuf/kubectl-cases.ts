// The `kubectl create` generator commands whose protobuf bodies are kept as fixtures in
// testdata/ (capture-fixtures.ts writes them; the tests read them). Each case names the file
// stem, the kubectl arguments, and whether Portico has a schema for the kind it sends.
export interface KubectlCase {
  name: string;
  args: readonly string[];
  /** false: the kind has no schema here, so decoding must answer 415. */
  supported: boolean;
}

export const KUBECTL_CASES: readonly KubectlCase[] = [
  { name: 'service-clusterip', args: ['create', 'service', 'clusterip', 'cs1', '--tcp=80:8080'], supported: true },
  { name: 'service-clusterip-multi', args: ['create', 'service', 'clusterip', 'multi', '--tcp=80:8080', '--tcp=443:8443', '-n', 'team-a'], supported: true },
  { name: 'service-nodeport', args: ['create', 'service', 'nodeport', 'np', '--tcp=80:8080', '--node-port=30080'], supported: true },
  { name: 'service-externalname', args: ['create', 'service', 'externalname', 'ex', '--external-name=example.com'], supported: true },
  { name: 'service-headless', args: ['create', 'service', 'clusterip', 'hl', '--clusterip=None'], supported: true },
  { name: 'service-loadbalancer', args: ['create', 'service', 'loadbalancer', 'lb', '--tcp=443:8443'], supported: true },
  { name: 'deployment', args: ['create', 'deployment', 'web', '--image=nginx', '--replicas=3', '--port=80'], supported: true },
  // replicas is *int32: an explicit 0 must survive decoding.
  { name: 'deployment-zero-replicas', args: ['create', 'deployment', 'idle', '--image=nginx', '--replicas=0'], supported: true },
  { name: 'deployment-command', args: ['create', 'deployment', 'sleeper', '--image=busybox', '--', 'sleep', '3600'], supported: true },
  { name: 'namespace', args: ['create', 'namespace', 'team-a'], supported: true },
  { name: 'configmap', args: ['create', 'configmap', 'c', '--from-literal=a=b', '--from-literal=empty='], supported: true },
  { name: 'secret-generic', args: ['create', 'secret', 'generic', 's', '--from-literal=a=b', '--type=Opaque'], supported: true },
  { name: 'secret-docker-registry', args: ['create', 'secret', 'docker-registry', 'reg', '--docker-server=r.example', '--docker-username=u', '--docker-password=p'], supported: true },
  { name: 'job', args: ['create', 'job', 'j', '--image=busybox'], supported: false },
];
