// Finds the program a container runs before anything is spawned, so that a missing binary,
// a directory or a file without the execute bit becomes a start error worded like the
// kubelet's (`exec: "foo": executable file not found in $PATH`), not a container that
// starts and dies with 127.
import fs from 'node:fs';
import path from 'node:path';

/** The PATH runc and Docker use when the container's environment has none. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export class StartError extends Error {
  override name = 'StartError';
}

/** Why `file` cannot be executed, or undefined when it can (Go's exec.findExecutable). */
function notExecutable(file: string): string | undefined {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    return `stat ${file}: ${describeErrno(err)}`;
  }
  if (st.isDirectory()) return 'is a directory';
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    return 'permission denied';
  }
  return undefined;
}

/**
 * Resolves argv[0] as Go's exec.LookPath does: a name with a slash is taken as it is (relative
 * to cwd), any other name is looked up on the container's PATH. Returns an absolute path or
 * throws a StartError whose message is the `exec: ...` part of the kubelet's.
 */
export function resolveExecutable(name: string, envPath: string | undefined, cwd: string): string {
  if (name === '') throw new StartError('exec: "": executable file not found in $PATH');
  if (name.includes('/')) {
    const file = path.resolve(cwd, name);
    const why = notExecutable(file);
    if (why !== undefined) throw new StartError(`exec: ${JSON.stringify(name)}: ${why}`);
    return file;
  }
  for (const dir of (envPath ?? DEFAULT_PATH).split(':')) {
    const file = path.resolve(cwd, dir === '' ? '.' : dir, name);
    if (notExecutable(file) === undefined) return file;
  }
  throw new StartError(`exec: ${JSON.stringify(name)}: executable file not found in $PATH`);
}

/** Checks a working directory the way runc's chdir would fail on it. */
export function checkWorkingDir(cwd: string): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(cwd);
  } catch (err) {
    throw new StartError(`chdir to cwd (${JSON.stringify(cwd)}) failed: ${describeErrno(err)}`);
  }
  if (!st.isDirectory()) throw new StartError(`chdir to cwd (${JSON.stringify(cwd)}) failed: not a directory`);
}

/** ENOENT -> "no such file or directory", as Go prints syscall errors. */
export function describeErrno(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'not a directory';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOEXEC':
      return 'exec format error';
    case 'E2BIG':
      return 'argument list too long';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}
