// exec probe: runs the command in the container; exit 0 is success, anything else failure with
// the (combined) output as message, as upstream pkg/probe/exec. Output is capped at 10 KiB.
import type { ProbeTarget } from '../contracts.ts';
import { goQuote } from './go-format.ts';
import type { ProbeOutcome, RunProbeOptions } from './types.ts';

const maxOutputBytes = 10 * 1024;

export async function execProbe(command: string[], target: ProbeTarget, timeoutSeconds: number, env: RunProbeOptions['env']): Promise<ProbeOutcome> {
  const argv = expandStatic(command, env ?? []);
  // Our timer starts before the target's own, so a command past its deadline is reported with
  // the message the CRI gives the kubelet for an ExecSync past its deadline, whatever exit
  // code the target's kill produces afterwards.
  const timedOut = `command ${goQuote(argv.join(' '))} timed out`;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutSeconds * 1000);
  });
  try {
    const r = await Promise.race([target.exec(argv, timeoutSeconds), deadline]);
    if (r === 'timeout') return { result: 'failure', message: timedOut };
    const output = truncate(r.output);
    return { result: r.exitCode === 0 ? 'success' : 'failure', message: output };
  } catch (e) {
    // Upstream: an exec that cannot run at all is an error (Unknown), not a failure.
    const message = e instanceof Error ? e.message : String(e);
    return { result: 'failure', message: /timed out/i.test(message) ? timedOut : message, error: !/timed out/i.test(message) };
  } finally {
    clearTimeout(timer);
  }
}

function truncate(output: string): string {
  const buf = Buffer.from(output);
  return buf.length <= maxOutputBytes ? output : buf.subarray(0, maxOutputBytes).toString();
}

/**
 * kubecontainer.ExpandContainerCommandOnlyStatic: `$(VAR)` takes the value of a container env
 * entry given as a literal value; unknown references stay as written; `$$` is a literal `$`.
 */
export function expandStatic(command: string[], env: ReadonlyArray<{ name: string; value?: string }>): string[] {
  const values = new Map<string, string>();
  for (const e of env) if (e.value !== undefined) values.set(e.name, e.value);
  return command.map((arg) =>
    arg.replace(/\$\$|\$\(([^)]*)\)/g, (whole, name: string | undefined) => {
      if (whole === '$$') return '$';
      return name !== undefined && values.has(name) ? values.get(name)! : whole;
    }),
  );
}
