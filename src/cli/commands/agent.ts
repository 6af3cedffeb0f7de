// `portico agent --server URL --node-name NAME`: one node's agent against any API server.
import { Command } from 'commander';
import { join } from 'node:path';
import { Agent } from '../../agent/index.ts';
import { resolveDataDir } from '../data-dir.ts';
import { createLogger } from '../logger.ts';
import { defaultNodeName } from '../node-name.ts';

export interface AgentFlags {
  server: string;
  nodeName: string;
  dataDir?: string;
  podCidr: string;
  nodeIp: string;
  clusterDomain: string;
  clusterDns: string;
}

export function agentCommand(): Command {
  return new Command('agent')
    .description('run a node agent: this machine becomes a node whose pods are local processes')
    .requiredOption('--server <url>', 'the API server, e.g. http://127.0.0.1:6443')
    .option('--node-name <name>', 'name of the Node', defaultNodeName())
    .option('--data-dir <dir>', 'where pod state and logs live (default: <portico data dir>/agent)')
    .option('--pod-cidr <cidr>', "this node's pod addresses", '127.244.0.0/24')
    .option('--node-ip <ip>', "this node's address (the API server reaches its kubelet API there)", '127.0.0.1')
    .option('--cluster-domain <domain>', 'the cluster DNS domain', 'cluster.local')
    .option('--cluster-dns <ip>', 'the cluster DNS Service address pods resolve with', '127.96.0.10')
    .action(async (flags: AgentFlags) => {
      const log = createLogger();
      const agent = new Agent(agentOptions(flags, (msg, err) => log.error({ err }, msg), (msg) => log.warn(msg)));
      await agent.start();
      log.info({ node: flags.nodeName }, 'agent running');
      const stop = async () => {
        await agent.stop();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop());
      process.on('SIGTERM', () => void stop());
    });
}

export function agentOptions(flags: AgentFlags, log: (msg: string, err?: unknown) => void, warn: (msg: string) => void) {
  return {
    server: flags.server,
    nodeName: flags.nodeName,
    dataDir: flags.dataDir ?? join(resolveDataDir(undefined), 'agent'),
    podCIDR: flags.podCidr,
    nodeIP: flags.nodeIp,
    clusterDomain: flags.clusterDomain,
    clusterDNS: [flags.clusterDns],
    maxPods: 110,
    log,
    warn,
  };
}
