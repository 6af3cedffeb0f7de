// The built-in stand-in for registry.k8s.io/e2e-test-images/agnhost: `agnhost <subcommand> [flags]`,
// run as `node agnhost.ts <subcommand> ...`. Each subcommand lives in agnhost/ and reproduces
// upstream's observable behaviour (test/images/agnhost), because e2e checks compare bodies.
import { parseFlags } from './lib/flags.ts';
import type { Subcommand } from './lib/subcommand.ts';

const subcommands: Record<string, () => Promise<Subcommand>> = {
  'serve-hostname': async () => (await import('./agnhost/serve-hostname.ts')).serveHostname,
  netexec: async () => (await import('./agnhost/netexec.ts')).netexec,
  pause: async () => (await import('./agnhost/pause.ts')).pause,
  porter: async () => (await import('./agnhost/porter.ts')).porter,
  connect: async () => (await import('./agnhost/connect.ts')).connect,
};

function fail(message: string): never {
  process.stderr.write(`Error: ${message}\n`);
  process.exit(1);
}

const argv = process.argv.slice(2);
// cobra finds the subcommand as the first argument that is not a flag (klog flags may precede it).
const at = argv.findIndex((a) => !a.startsWith('-'));
if (at === -1) {
  process.stdout.write(`Usage:\n  app [command]\n\nAvailable Commands (built into Portico):\n  ${Object.keys(subcommands).sort().join('\n  ')}\n`);
  process.exit(0);
}
const name = argv[at]!;
const load = subcommands[name];
if (!load) {
  fail(
    `unknown command ${JSON.stringify(name)} for "app"\n` +
      `Portico's built-in agnhost implements: ${Object.keys(subcommands).sort().join(', ')}. ` +
      'To run another program, set the container\'s command.',
  );
}
const cmd = await load();
const parsed = parseFlags([...argv.slice(0, at), ...argv.slice(at + 1)], cmd.flags);
if ('error' in parsed) fail(parsed.error);
const n = parsed.positional.length;
if (cmd.args.exact !== undefined && n !== cmd.args.exact) fail(`accepts ${cmd.args.exact} arg(s), received ${n}`);
if (cmd.args.max !== undefined && n > cmd.args.max) fail(`accepts at most ${cmd.args.max} arg(s), received ${n}`);
await cmd.main(parsed);
