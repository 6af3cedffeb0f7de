// The contracts between the node agent's layers, fixed here so each can be built and tested
// alone: images turn a container spec into a command; the runtime runs commands as
// supervised process groups with logs; probes judge containers; the kubelet API server
// serves logs and exec; the kubelet (pod workers) ties them to the API.
import type { Readable, Writable } from 'node:stream';

// ---- images

/** What to run for a container: argv[0] is an absolute path or a name found on PATH. */
export interface ImagePlan {
  argv: string[];
  /** Extra environment the image itself sets (as an image's ENV would). */
  env?: Record<string, string>;
}

/** Why a container cannot start; becomes its waiting state (reason, message). */
export interface ImageFailure {
  reason: 'ErrImagePull' | 'InvalidImageName' | 'CreateContainerConfigError';
  message: string;
}

export interface ContainerLike {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
}

export type ResolveImage = (container: ContainerLike) => ImagePlan | ImageFailure;

// ---- runtime

export interface LogReadOptions {
  follow?: boolean;
  /** The previous instance's log (the one before the last restart). */
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  timestamps?: boolean;
  limitBytes?: number;
}

export interface ProcessSpec {
  /** Stable identity, persisted so a restarted agent can adopt the process: `<podUID>/<container>`. */
  id: string;
  argv: string[];
  env: Record<string, string>;
  cwd?: string;
  /**
   * As root: run in its own UTS namespace with this hostname and its own mount namespace
   * with these files bind-mounted over /etc/hosts and /etc/resolv.conf. Undefined: no isolation.
   */
  isolation?: { hostname: string; hostsFile?: string; resolvConfFile?: string };
  /** Keep at most this many bytes of log per container instance (older lines rotate away). */
  logLimitBytes?: number;
}

export interface ProcessExit {
  exitCode: number;
  /** Set when the process died from a signal (exitCode is then 128 + signal number). */
  signal?: string;
  finishedAt: Date;
}

export interface RunningProcess {
  id: string;
  pid: number;
  startedAt: Date;
  /** The instance number: 0 for the first start, +1 per restart (for `--previous`). */
  instance: number;
  exited: Promise<ProcessExit>;
}

export interface ExecOptions {
  tty?: boolean;
  stdin?: boolean;
}

export interface ExecSession {
  stdin: Writable | undefined;
  stdout: Readable;
  stderr: Readable | undefined;
  resize(cols: number, rows: number): void;
  exited: Promise<{ exitCode: number }>;
  kill(): void;
}

export interface ProcessRuntime {
  /** Starts a process group; rejects with a message naming the cause (ENOENT, EACCES, ...). */
  start(spec: ProcessSpec): Promise<RunningProcess>;
  /** SIGTERM to the whole group, SIGKILL after graceSeconds; resolves when it is gone. */
  stop(p: RunningProcess, graceSeconds: number): Promise<ProcessExit>;
  /** Processes a previous agent run left alive (verified by pid and start time), by id. */
  adopt(): Promise<Map<string, RunningProcess>>;
  /** Runs a command inside a running container's namespaces (or alongside it without root). */
  exec(p: RunningProcess, argv: string[], env: Record<string, string>, opts: ExecOptions): ExecSession;
  /** Reads a container's log (the current instance, or `previous`). */
  logs(id: string, opts: LogReadOptions): Readable;
  /** Forgets a container's logs and state (after its pod is deleted). */
  remove(id: string): Promise<void>;
  /** Stops every process this runtime started (agent shutdown). */
  stopAll(graceSeconds: number): Promise<void>;
}

// ---- probes

export type ProbeResult = 'success' | 'failure';

export interface ProbeTarget {
  podIP: string;
  /** Runs an exec probe's command in the container; resolves with its exit code and output. */
  exec(argv: string[], timeoutSeconds: number): Promise<{ exitCode: number; output: string }>;
}

// ---- kubelet API (served by the agent, proxied by the API server)

export interface KubeletApi {
  /** Throws an ApiError (e.g. 400 BadRequest `container "x" in pod "y" is waiting to start: ContainerCreating`). */
  logs(namespace: string, pod: string, container: string | undefined, opts: LogReadOptions): Promise<Readable>;
  exec(namespace: string, pod: string, container: string | undefined, argv: string[], opts: ExecOptions): Promise<ExecSession>;
}
