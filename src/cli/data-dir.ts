import { homedir } from 'node:os';
import { join } from 'node:path';

/** `--data-dir`, else $PORTICO_DATA_DIR, else ~/.local/share/portico (XDG data home). */
export function resolveDataDir(flag: string | undefined): string {
  if (flag) return flag;
  if (process.env.PORTICO_DATA_DIR) return process.env.PORTICO_DATA_DIR;
  const xdg = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(xdg, 'portico');
}
