// How a container is launched: the argv of its monitor, and inside it the chain that puts the
// program in its own session (and, as root, its own UTS and mount namespaces).
//
//   sh -c MONITOR  exitFile  setsid [unshare ... sh -c ISOLATE host hosts resolv mount]
//                            env --default-signal [-u PWD]  /abs/program args...
//
// Every link of the chain execs the next, so the program keeps the pid the monitor reports:
// that pid is also its process group and session id, which is what stop() signals.
import type { HostTools } from './tools.ts';

/**
 * The monitor: starts the chain in the background with the container's stdout/stderr FIFOs
 * (fds 3 and 4), reports its pid on stdout, lets go of everything the agent gave it (so a dead
 * agent costs it nothing), waits, kills what is left of the group, and records the exit
 * status in a file a restarted agent can read. It is a separate process group and session
 * from the container, so signals meant for the container never reach it.
 */
export const MONITOR_SCRIPT = `exitfile=$1; shift
"$@" >&3 2>&4 3>&- 4>&- &
pid=$!
echo "$pid"
exec >/dev/null 2>&1 3>&- 4>&-
wait "$pid"
code=$?
kill -s KILL -- "-$pid" 2>/dev/null
echo "$code" >"$exitfile"
exit "$code"`;

/**
 * Runs in the new namespaces before the program: sets the hostname (UTS namespaces keep
 * their own /proc/sys/kernel/hostname) and bind-mounts the pod's hosts and resolv.conf
 * files; the mount namespace is private, so the host's /etc is untouched.
 */
export const ISOLATE_SCRIPT = `set -e
hostname=$1; hosts=$2; resolv=$3; mount=$4; shift 4
printf '%s' "$hostname" >/proc/sys/kernel/hostname
if [ -n "$hosts" ]; then "$mount" --bind "$hosts" /etc/hosts; fi
if [ -n "$resolv" ]; then "$mount" --bind "$resolv" /etc/resolv.conf; fi
exec "$@"`;

export interface LaunchPlan {
  exitFile: string;
  executable: string;
  args: string[];
  env: Record<string, string>;
  isolation?: { hostname: string; hostsFile?: string; resolvConfFile?: string };
}

/** The argv for spawning the monitor (argv[0] is the shell). */
export function monitorArgv(tools: HostTools, plan: LaunchPlan): string[] {
  const chain: string[] = [];
  chain.push(tools.setsid!);
  if (plan.isolation) {
    const iso = plan.isolation;
    chain.push(tools.unshare!, '--uts', '--mount', '--propagation', 'private', '--');
    chain.push(tools.sh, '-c', ISOLATE_SCRIPT, 'portico-isolate', iso.hostname, iso.hostsFile ?? '', iso.resolvConfFile ?? '', tools.mount!);
  }
  // A background job of a non-interactive shell starts with SIGINT and SIGQUIT ignored;
  // env puts every signal back to its default, as a container would start. The shells on
  // the way also export PWD, which the container's environment did not ask for.
  if (tools.env && tools.envDefaultSignal) {
    chain.push(tools.env, '--default-signal');
    if (!('PWD' in plan.env)) chain.push('-u', 'PWD');
    chain.push('--');
  }
  chain.push(plan.executable, ...plan.args);
  return [tools.sh, '-c', MONITOR_SCRIPT, 'portico-monitor', plan.exitFile, ...chain];
}

/** Quotes argv for `sh -c` (used for script(1), which takes a command string). */
export function shellQuote(argv: string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`)).join(' ');
}
