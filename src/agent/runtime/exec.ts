// `kubectl exec`: a command run beside a container, with the container's environment and
// working directory, inside its namespaces when it has them (nsenter). With a tty the
// command runs under script(1), which gives it a pseudo-terminal; without script(1), a tty
// request falls back to pipes with stderr merged into stdout.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { PassThrough } from 'node:stream';
import type { ExecOptions, ExecSession } from '../contracts.ts';
import { resolveExecutable } from './executable.ts';
import { shellQuote } from './launch.ts';
import { signalGroup, signalNumber } from './proc.ts';
import type { ProcessRecord } from './process-records.ts';
import type { HostTools } from './tools.ts';

export function startExec(
  record: ProcessRecord,
  tools: HostTools,
  argv: string[],
  extraEnv: Record<string, string>,
  opts: ExecOptions,
): ExecSession {
  if (argv.length === 0) throw new Error('exec: no command specified');
  const env = { ...record.env, ...extraEnv };
  // Resolved here so a missing command is an error the caller can report (as the runtime's
  // `exec: "foo": executable file not found in $PATH`), not an anonymous exit code 127.
  resolveExecutable(argv[0]!, env.PATH, record.cwd);

  let command = argv;
  if (record.isolated && tools.nsenter) {
    command = [tools.nsenter, '--target', String(record.pid), '--uts', '--mount', `--wd=${record.cwd}`, '--', ...argv];
  }
  const tty = opts.tty === true && tools.script !== undefined;
  const mergeStderr = opts.tty === true;
  if (tty) command = [tools.script!, '-qefc', shellQuote(command), '/dev/null'];

  const child = spawn(command[0]!, command.slice(1), {
    env,
    cwd: record.cwd,
    // Its own group, so kill() takes the whole command tree with it.
    detached: true,
    stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });

  const stdout = new PassThrough();
  const stderr = mergeStderr ? undefined : new PassThrough();
  let pendingStreams = 2;
  const streamDone = () => {
    if (--pendingStreams === 0) {
      stdout.end();
      stderr?.end();
    }
  };
  child.stdout!.on('end', streamDone).pipe(stdout, { end: false });
  child.stderr!.on('end', streamDone).pipe(stderr ?? stdout, { end: false });

  const exited = new Promise<{ exitCode: number }>((resolve) => {
    child.once('error', (err) => {
      (stderr ?? stdout).write(`${err.message}\n`);
      resolve({ exitCode: 126 });
    });
    child.once('close', (code, signal) => {
      resolve({ exitCode: code ?? 128 + (signal ? (signalNumber(signal) ?? 0) : 0) });
    });
  });
  // Output already collected ends the streams even if a grandchild kept a pipe open.
  void exited.then(() => setImmediate(() => {
    stdout.end();
    stderr?.end();
  }));
  child.stdin?.on('error', () => {});

  const resize = tty ? ptyResizer(child, tools) : () => {};
  return {
    stdin: child.stdin ?? undefined,
    stdout,
    stderr,
    resize,
    exited,
    kill() {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) signalGroup(child.pid, 'SIGKILL');
    },
  };
}

/**
 * Resizes the pseudo-terminal script(1) made for its child: found through the child's fd 0,
 * set with `stty -F` (the kernel then sends SIGWINCH to the foreground program). The child
 * may not exist yet when kubectl sends its first size, so this retries for a moment.
 */
function ptyResizer(child: ChildProcess, tools: HostTools): (cols: number, rows: number) => void {
  let wanted: { cols: number; rows: number } | undefined;
  let timer: NodeJS.Timeout | undefined;
  const apply = (attempt: number) => {
    timer = undefined;
    if (!wanted || child.pid === undefined || child.exitCode !== null || !tools.stty) return;
    const pts = ptyOfChild(child.pid);
    if (pts === undefined) {
      if (attempt < 40) timer = setTimeout(() => apply(attempt + 1), 50);
      return;
    }
    spawnSync(tools.stty, ['-F', pts, 'rows', String(wanted.rows), 'cols', String(wanted.cols)], { stdio: 'ignore', timeout: 2000 });
  };
  child.once('exit', () => clearTimeout(timer));
  return (cols, rows) => {
    if (!(cols > 0 && rows > 0)) return;
    wanted = { cols, rows };
    clearTimeout(timer);
    apply(0);
  };
}

function ptyOfChild(pid: number): string | undefined {
  try {
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    for (const c of children) {
      const target = fs.readlinkSync(`/proc/${c}/fd/0`);
      if (target.startsWith('/dev/pts/')) return target;
    }
  } catch {}
  return undefined;
}
