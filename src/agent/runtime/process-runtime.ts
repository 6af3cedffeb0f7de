// The process runtime: containers as supervised OS process groups. See README.md for the
// process model (monitor, FIFOs, exit files), signals, adoption and the log format.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import type { ExecOptions, ExecSession, LogReadOptions, ProcessExit, ProcessRuntime, ProcessSpec, RunningProcess } from '../contracts.ts';
import { checkWorkingDir, describeErrno, resolveExecutable, StartError } from './executable.ts';
import { startExec } from './exec.ts';
import { probeIsolation, type IsolationStatus } from './isolation.ts';
import { monitorArgv } from './launch.ts';
import { containerLogDir, DEFAULT_LOG_LIMIT_BYTES, instanceLogPath, listInstances, pruneInstances } from './log-paths.ts';
import { readInstanceLog } from './log-reader.ts';
import { LogWriter } from './log-writer.ts';
import { isSameProcessAlive, processStartTime, signalGroup, signalName } from './proc.ts';
import { ProcessRecords, recordKey, type ProcessRecord } from './process-records.ts';
import { findHostTools, type HostTools } from './tools.ts';

export interface ProcessRuntimeOptions {
  stateDir: string;
  /** auto: isolate containers that ask for it when running as root; none: never. */
  isolation: 'auto' | 'none';
  log?: (msg: string, err?: unknown) => void;
}

export interface LocalProcessRuntime extends ProcessRuntime {
  /** Whether isolation can be used, and if not why (for an Event). */
  isolationAvailable(): IsolationStatus;
}

/** `previous terminated container "x" in pod "<podUID>" not found` and similar. */
export class LogNotFoundError extends Error {
  override name = 'LogNotFoundError';
  readonly container: string;
  readonly podUID: string;
  constructor(message: string, container: string, podUID: string) {
    super(message);
    this.container = container;
    this.podUID = podUID;
  }
}

/** How long after the monitor is gone we still wait for the last output in the pipes. */
const DRAIN_TIMEOUT_MS = 2000;
/** How often processes we did not spawn (adopted ones) are checked. */
const POLL_MS = 200;

interface Instance {
  record: ProcessRecord;
  running: RunningProcess;
  writer: LogWriter;
  exit?: ProcessExit;
}

function splitId(id: string): { podUID: string; container: string } {
  const slash = id.lastIndexOf('/');
  return slash < 0 ? { podUID: '', container: id } : { podUID: id.slice(0, slash), container: id.slice(slash + 1) };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean): Promise<void> {
  while (!check()) await sleep(POLL_MS);
}

/** The first line the monitor prints: the container's pid. */
function readPid(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const nl = text.indexOf('\n');
      if (nl < 0) return;
      cleanup();
      const pid = Number(text.slice(0, nl));
      if (Number.isInteger(pid) && pid > 0) resolve(pid);
      else reject(new Error(`the monitor reported ${JSON.stringify(text.slice(0, nl))} instead of a pid`));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new Error(`the monitor exited (${signal ?? `exit status ${code}`}) before starting the container`));
    };
    const cleanup = () => {
      child.stdout!.off('data', onData);
      child.off('error', onError);
      child.off('exit', onExit);
    };
    child.stdout!.on('data', onData);
    child.once('error', onError);
    child.once('exit', onExit);
  });
}

export function createProcessRuntime(opts: ProcessRuntimeOptions): LocalProcessRuntime {
  const log = opts.log ?? (() => {});
  const stateDir = path.resolve(opts.stateDir);
  const records = new ProcessRecords(stateDir);
  const tools: HostTools = findHostTools((argv) => spawnSync(argv[0]!, argv.slice(1), { stdio: 'ignore' }).status === 0);
  for (const required of ['setsid', 'mkfifo'] as const) {
    if (!tools[required]) throw new Error(`the process runtime needs ${required} on the PATH`);
  }
  const live = new Map<string, Instance>();
  const execs = new Set<ExecSession>();
  let isolation: IsolationStatus | undefined;
  /** Bumped by stopAll: a start that was in flight then is stopped as soon as it lands. */
  let stopAllEpoch = 0;
  let stopAllGrace = 0;

  const isolationAvailable = (): IsolationStatus => (isolation ??= probeIsolation(opts.isolation, tools));

  /** Supervises an instance until it is gone; `child` is the monitor when we spawned it. */
  function track(record: ProcessRecord, writer: LogWriter, child: ChildProcess | undefined): Instance {
    let settle!: (exit: ProcessExit) => void;
    const exited = new Promise<ProcessExit>((resolve) => (settle = resolve));
    const running: RunningProcess = {
      id: record.id,
      pid: record.pid,
      startedAt: new Date(record.startedAt),
      instance: record.instance,
      exited,
    };
    const instance: Instance = { record, running, writer };
    live.set(record.id, instance);

    const monitorGone = child
      ? new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) resolve();
          else child.once('exit', () => resolve());
        })
      : until(() => !isSameProcessAlive(record.monitorPid, record.monitorStartTime));

    void (async () => {
      await monitorGone;
      const exitFile = path.join(record.runDir, 'exit');
      if (!fs.existsSync(exitFile) && isSameProcessAlive(record.pid, record.startTime)) {
        // Someone killed the monitor; the container lives on unsupervised until it ends.
        log(`the monitor of container ${record.id} (pid ${record.monitorPid}) died; watching pid ${record.pid} directly`);
        await until(() => !isSameProcessAlive(record.pid, record.startTime));
      }
      // The group is gone, so the pipes are closing; wait for the last lines (bounded, in case
      // an escaped daemon still holds them).
      let timer: NodeJS.Timeout | undefined;
      const drained = await Promise.race([
        writer.done.then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), DRAIN_TIMEOUT_MS))),
      ]);
      clearTimeout(timer);
      if (!drained) writer.close();
      const exit = readExit(exitFile, record);
      instance.exit = exit;
      records.delete(record.id);
      fs.rmSync(record.runDir, { recursive: true, force: true });
      if (live.get(record.id) === instance) live.delete(record.id);
      settle(exit);
    })().catch((err) => {
      log(`supervising container ${record.id} failed`, err);
      if (live.get(record.id) === instance) live.delete(record.id);
      settle({ exitCode: 137, finishedAt: new Date() });
    });
    return instance;
  }

  function readExit(exitFile: string, record: ProcessRecord): ProcessExit {
    try {
      const code = Number(fs.readFileSync(exitFile, 'utf8').trim());
      const finishedAt = fs.statSync(exitFile).mtime;
      if (!Number.isInteger(code)) throw new Error(`bad exit file ${exitFile}`);
      // The shell reports death by signal n as 128+n, which is also what the kubelet reports.
      const signal = code > 128 ? signalName(code - 128) : undefined;
      return signal ? { exitCode: code, signal, finishedAt } : { exitCode: code, finishedAt };
    } catch (err) {
      // No status was recorded (the monitor was killed): report it as the kubelet reports a
      // container whose status is lost.
      log(`no exit status for container ${record.id}`, err);
      return { exitCode: 137, finishedAt: new Date() };
    }
  }

  function signalContainer(record: ProcessRecord, signal: NodeJS.Signals): void {
    if (!isSameProcessAlive(record.pid, record.startTime)) return;
    // Right after start the program may not have called setsid yet; then it has no group of
    // its own and is signalled alone.
    if (!signalGroup(record.pid, signal)) {
      try {
        process.kill(record.pid, signal);
      } catch {}
    }
  }

  const runtime: LocalProcessRuntime = {
    isolationAvailable,

    async start(spec: ProcessSpec): Promise<RunningProcess> {
      const { container } = splitId(spec.id);
      const fail = (why: string) => new StartError(`failed to start container ${JSON.stringify(container)}: ${why}`);
      const epoch = stopAllEpoch;
      if (live.has(spec.id)) throw fail('it is already running');
      if (spec.argv.length === 0) throw fail('no command specified');
      const cwd = path.resolve(spec.cwd ?? process.cwd());
      let executable: string;
      try {
        checkWorkingDir(cwd);
        executable = resolveExecutable(spec.argv[0]!, spec.env.PATH, cwd);
      } catch (err) {
        if (err instanceof StartError) throw fail(err.message);
        throw err;
      }
      const isolate = spec.isolation !== undefined && isolationAvailable().ok;
      if (isolate) {
        for (const file of [spec.isolation!.hostsFile, spec.isolation!.resolvConfFile]) {
          if (file !== undefined && !fs.existsSync(file)) throw fail(`bind mount source ${JSON.stringify(file)}: no such file or directory`);
        }
      }

      const logDir = containerLogDir(stateDir, spec.id);
      fs.mkdirSync(logDir, { recursive: true });
      const instanceNo = (listInstances(logDir).at(-1) ?? -1) + 1;
      // Only the previous instance is kept, for `kubectl logs --previous`.
      pruneInstances(logDir, instanceNo - 1);
      const logPath = instanceLogPath(logDir, instanceNo);
      const logLimitBytes = spec.logLimitBytes ?? DEFAULT_LOG_LIMIT_BYTES;
      const runDir = path.join(stateDir, 'run', recordKey(spec.id), String(instanceNo));
      fs.rmSync(runDir, { recursive: true, force: true });
      fs.mkdirSync(runDir, { recursive: true, mode: 0o700 });
      const fifos = { stdout: path.join(runDir, 'stdout'), stderr: path.join(runDir, 'stderr') };
      await promisify(execFile)(tools.mkfifo!, ['-m', '600', fifos.stdout, fifos.stderr]);

      // The container's ends are opened read-write: a FIFO with a reader never raises
      // SIGPIPE, so the container keeps running (its output waiting in the pipe) while no
      // agent reads, and a restarted agent reopens the FIFOs by name.
      const outFd = fs.openSync(fifos.stdout, fs.constants.O_RDWR);
      const errFd = fs.openSync(fifos.stderr, fs.constants.O_RDWR);
      let writer: LogWriter | undefined;
      let child: ChildProcess;
      let pid: number;
      try {
        writer = new LogWriter({ logPath, limitBytes: logLimitBytes, fifos, log });
        child = spawn(
          tools.sh,
          monitorArgv(tools, {
            exitFile: path.join(runDir, 'exit'),
            executable,
            args: spec.argv.slice(1),
            env: spec.env,
            isolation: isolate ? spec.isolation : undefined,
          }).slice(1),
          { env: spec.env, cwd, detached: true, stdio: ['ignore', 'pipe', errFd, outFd, errFd] },
        );
        pid = await readPid(child);
      } catch (err) {
        writer?.close();
        fs.rmSync(runDir, { recursive: true, force: true });
        const code = (err as NodeJS.ErrnoException).code;
        throw fail(code ? describeErrno(err) : (err as Error).message);
      } finally {
        fs.closeSync(outFd);
        fs.closeSync(errFd);
      }
      child.stdout!.resume();

      const record: ProcessRecord = {
        id: spec.id,
        instance: instanceNo,
        pid,
        // Empty when the program is already gone: it will never look alive.
        startTime: processStartTime(pid) ?? '',
        monitorPid: child.pid!,
        monitorStartTime: processStartTime(child.pid!) ?? '',
        startedAt: new Date().toISOString(),
        logPath,
        logLimitBytes,
        runDir,
        env: spec.env,
        cwd,
        isolated: isolate,
      };
      records.write(record);
      const running = track(record, writer!, child).running;
      if (epoch !== stopAllEpoch) {
        // stopAll ran while this start was in flight: it must not outlive the agent.
        await runtime.stop(running, stopAllGrace);
        throw fail('the node agent is stopping');
      }
      return running;
    },

    async stop(p: RunningProcess, graceSeconds: number): Promise<ProcessExit> {
      const instance = live.get(p.id);
      if (!instance || instance.running.pid !== p.pid) return p.exited;
      signalContainer(instance.record, 'SIGTERM');
      const timer = setTimeout(() => signalContainer(instance.record, 'SIGKILL'), Math.max(0, graceSeconds) * 1000);
      try {
        return await p.exited;
      } finally {
        clearTimeout(timer);
      }
    },

    async adopt(): Promise<Map<string, RunningProcess>> {
      const adopted = new Map<string, RunningProcess>();
      for (const record of records.list()) {
        const known = live.get(record.id);
        if (known) {
          adopted.set(record.id, known.running);
          continue;
        }
        const monitorAlive = isSameProcessAlive(record.monitorPid, record.monitorStartTime);
        const programAlive = record.startTime !== '' && isSameProcessAlive(record.pid, record.startTime);
        if (!monitorAlive && !programAlive) {
          // It ended while no agent was running; its log stays for `--previous`.
          records.delete(record.id);
          fs.rmSync(record.runDir, { recursive: true, force: true });
          continue;
        }
        const writer = new LogWriter({
          logPath: record.logPath,
          limitBytes: record.logLimitBytes,
          fifos: { stdout: path.join(record.runDir, 'stdout'), stderr: path.join(record.runDir, 'stderr') },
          log,
        });
        adopted.set(record.id, track(record, writer, undefined).running);
      }
      return adopted;
    },

    exec(p: RunningProcess, argv: string[], env: Record<string, string>, execOpts: ExecOptions): ExecSession {
      const instance = live.get(p.id);
      if (!instance || instance.running.pid !== p.pid || instance.exit || !isSameProcessAlive(p.pid, instance.record.startTime)) {
        throw new Error(`container ${JSON.stringify(splitId(p.id).container)} is not running`);
      }
      const session = startExec(instance.record, tools, argv, env, execOpts);
      execs.add(session);
      void session.exited.then(() => execs.delete(session));
      return session;
    },

    logs(id: string, readOpts: LogReadOptions): Readable {
      const dir = containerLogDir(stateDir, id);
      const instances = listInstances(dir);
      const { podUID, container } = splitId(id);
      let instanceNo: number | undefined;
      if (readOpts.previous) {
        instanceNo = instances.at(-2);
        if (instanceNo === undefined) {
          throw new LogNotFoundError(`previous terminated container ${JSON.stringify(container)} in pod ${JSON.stringify(podUID)} not found`, container, podUID);
        }
      } else {
        instanceNo = instances.at(-1) ?? 0;
      }
      const current = live.get(id);
      const writer = current && current.record.instance === instanceNo ? current.writer : undefined;
      return readInstanceLog(instanceLogPath(dir, instanceNo), readOpts, writer);
    },

    async remove(id: string): Promise<void> {
      const instance = live.get(id);
      if (instance) await runtime.stop(instance.running, 0);
      records.delete(id);
      fs.rmSync(path.join(stateDir, 'run', recordKey(id)), { recursive: true, force: true });
      const dir = containerLogDir(stateDir, id);
      fs.rmSync(dir, { recursive: true, force: true });
      // The pod's log directory goes too once its last container is removed.
      try {
        fs.rmdirSync(path.dirname(dir));
      } catch {}
    },

    async stopAll(graceSeconds: number): Promise<void> {
      stopAllEpoch++;
      stopAllGrace = graceSeconds;
      for (const session of execs) session.kill();
      await Promise.all([...live.values()].map((instance) => runtime.stop(instance.running, graceSeconds)));
    },
  };
  return runtime;
}
