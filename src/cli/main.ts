// The `portico` command, in the k3s style: one binary, a subcommand per role.
import { Command } from 'commander';
import { agentCommand } from './commands/agent.ts';
import { controllersCommand } from './commands/controllers.ts';
import { upCommand } from './commands/up.ts';

const program = new Command('portico')
  .description('Kubernetes Service networking for plain processes')
  .showHelpAfterError()
  .addCommand(upCommand())
  .addCommand(controllersCommand())
  .addCommand(agentCommand());

try {
  await program.parseAsync(process.argv);
} catch (e) {
  process.stderr.write(`portico: ${(e as Error).message}\n`);
  process.exit(1);
}
