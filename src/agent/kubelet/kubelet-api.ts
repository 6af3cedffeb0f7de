// The kubelet API behind `kubectl logs` and `kubectl exec`: finds the pod's worker and the
// container's process, and answers with the kubelet's own error texts when it cannot.
import { ApiError } from '../../api/errors.ts';
import type { ExecOptions, ExecSession, KubeletApi, LogReadOptions, ProcessRuntime } from '../contracts.ts';
import { LogNotFoundError } from '../runtime/index.ts';
import type { PodWorker } from './pod-worker.ts';

export function kubeletApi(workers: () => Iterable<PodWorker>, runtime: ProcessRuntime): KubeletApi {
  const find = (namespace: string, pod: string, container: string | undefined) => {
    const w = [...workers()].find((x) => x.pod.metadata.namespace === namespace && x.pod.metadata.name === pod);
    if (!w) throw ApiError.notFound({ group: '', resource: 'pods' }, pod);
    const name = container ?? w.containerNames()[0]!;
    const c = w.container(name);
    if (!c) throw ApiError.badRequest(`container ${name} is not valid for pod ${pod}`);
    return { w, name, c };
  };
  return {
    async logs(namespace: string, pod: string, container: string | undefined, opts: LogReadOptions) {
      const { w, name, c } = find(namespace, pod, container);
      if (!opts.previous && c.state.kind === 'waiting' && c.restartCount === 0 && !c.process) {
        throw ApiError.badRequest(`container "${name}" in pod "${pod}" is waiting to start: ${c.state.reason}`);
      }
      try {
        return runtime.logs(`${w.uid}/${name}`, opts);
      } catch (e) {
        // The runtime knows pods by UID only; kubelet names the pod.
        if (e instanceof LogNotFoundError) throw ApiError.badRequest(`previous terminated container "${name}" in pod "${pod}" not found`);
        throw e;
      }
    },
    async exec(namespace: string, pod: string, container: string | undefined, argv: string[], opts: ExecOptions): Promise<ExecSession> {
      const { w, name, c } = find(namespace, pod, container);
      if (!c.process) throw ApiError.badRequest(`container ${name} is not running in pod ${pod}`);
      try {
        return runtime.exec(c.process, argv, { ...w.execEnv(name) }, opts);
      } catch (e) {
        throw ApiError.badRequest((e as Error).message);
      }
    },
  };
}
