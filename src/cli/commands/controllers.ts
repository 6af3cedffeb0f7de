// `portico controllers --server URL`: the controllers on their own, against any API server.
import { Command } from 'commander';
import { allControllers, ControllerManager } from '../../controllers/index.ts';
import { createLogger } from '../logger.ts';

export function controllersCommand(): Command {
  return new Command('controllers')
    .description('run the controllers (endpoints, deployments, scheduler, ...) against an API server')
    .requiredOption('--server <url>', 'the API server, e.g. http://127.0.0.1:6443')
    .action(async (opts: { server: string }) => {
      const log = createLogger();
      const manager = new ControllerManager(allControllers, { server: opts.server, log: (msg, err) => log.error({ err }, msg) });
      await manager.start();
      log.info({ controllers: manager.names }, 'controllers running');
      const stop = () => {
        manager.stop();
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
