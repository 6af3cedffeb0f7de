// agnhost pause (test/images/agnhost/pause): prints "Paused" and waits; upstream exits 1 on
// SIGINT and 2 on SIGTERM, which is the exit code a deleted pause pod reports.
import type { Subcommand } from '../lib/subcommand.ts';

export const pause: Subcommand = {
  flags: {},
  args: { max: 0 },
  main() {
    process.once('SIGINT', () => process.exit(1));
    process.once('SIGTERM', () => process.exit(2));
    process.stdout.write('Paused\n');
    // Nothing else keeps the event loop alive; an interval that never fires does.
    setInterval(() => {}, 2 ** 31 - 1);
  },
};
