// One logger for the process: JSON lines on stderr (pino), so stdout stays for what the
// user needs to copy (the KUBECONFIG line).
import { pino, type Logger } from 'pino';

export function createLogger(level = process.env.PORTICO_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: undefined }, pino.destination(2));
}
