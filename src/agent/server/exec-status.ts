// The Status objects an exec ends with, written on channel 3 exactly as the kubelet's
// remotecommand server marshals them: a metav1.Status with empty TypeMeta, so `kind` and
// `apiVersion` are absent and `metadata` is always `{}` (Go's field order is kept).
import { ApiError } from '../../api/errors.ts';

export type ExecStatus = Record<string, unknown>;

export const execSuccess = (): ExecStatus => ({ metadata: {}, status: 'Success' });

/**
 * kubectl reads the exit code from the ExitCode cause; the message is containerd's
 * wording of the same fact (`error executing command [sh -c exit 3], exit code 3`).
 */
export function execNonZeroExit(argv: readonly string[], exitCode: number): ExecStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

/** Any other failure: an ApiError keeps its code and reason, anything else is an InternalError. */
export function execFailure(err: unknown): ExecStatus {
  const e = err instanceof ApiError ? err : ApiError.internal(`error executing command in container: ${err instanceof Error ? err.message : String(err)}`);
  const s: ExecStatus = { metadata: {}, status: 'Failure', message: e.message };
  if (e.reason) s.reason = e.reason;
  if (e.details) s.details = e.details;
  s.code = e.code;
  return s;
}
