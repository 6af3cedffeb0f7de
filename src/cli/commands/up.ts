// `portico up`: the whole one-node cluster in the foreground. Today that is the API server
// over the durable store; controllers and the node agent join it as they land.
import { Command } from 'commander';
import { join } from 'node:path';
import { ApiServer } from '../../apiserver/index.ts';
import { allControllers, ControllerManager } from '../../controllers/index.ts';
import { Agent } from '../../agent/index.ts';
import { agentOptions } from './agent.ts';
import { defaultNodeName } from '../node-name.ts';
import { openStore } from '../../storage/index.ts';
import { resolveDataDir } from '../data-dir.ts';
import { writeKubeconfig } from '../kubeconfig.ts';
import { createLogger } from '../logger.ts';

export interface UpOptions {
  dataDir?: string;
  apiAddress: string;
  apiPort: number;
  store: 'wal' | 'memory';
  serviceCidr: string;
  serviceNodePortRange: string;
  podCidr: string;
}

export function upCommand(): Command {
  return new Command('up')
    .description('start a one-node cluster in the foreground')
    .option('--data-dir <dir>', 'where state and the kubeconfig live (default: $PORTICO_DATA_DIR or ~/.local/share/portico)')
    .option('--api-address <addr>', 'address the API server listens on', '127.0.0.1')
    .option('--api-port <port>', 'port the API server listens on (0 picks a free one)', parsePort, 6443)
    .option('--store <kind>', 'storage backend: wal (durable, default) or memory', 'wal')
    .option('--service-cidr <cidr>', 'range ClusterIPs are allocated from', '127.96.0.0/16')
    .option('--service-node-port-range <range>', 'range NodePorts are allocated from', '30000-32767')
    .option('--pod-cidr <cidr>', "the node's pod addresses (loopback mode: inside 127.0.0.0/8)", '127.244.0.0/24')
    .action(async (opts: UpOptions) => {
      await runUp(opts);
    });
}

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--api-port: ${v} is not a port number (0-65535)`);
  return n;
}

export async function runUp(opts: UpOptions): Promise<void> {
  const log = createLogger();
  const dataDir = resolveDataDir(opts.dataDir);
  if (opts.store !== 'wal' && opts.store !== 'memory') throw new Error(`--store: unknown backend "${opts.store}" (wal or memory)`);
  const store = await openStore(opts.store, join(dataDir, 'store'));
  let server: ApiServer;
  try {
    server = await ApiServer.start({
      store,
      host: opts.apiAddress,
      port: opts.apiPort,
      serviceCIDR: opts.serviceCidr,
      nodePortRange: opts.serviceNodePortRange,
      log: (msg, err) => log.error({ err }, msg),
    });
  } catch (e) {
    await store.close();
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new Error(`${opts.apiAddress}:${opts.apiPort} is already in use: is another portico running? (choose another with --api-port)`);
    throw e;
  }
  // The controllers talk to the server over HTTP like any other client would.
  const controllersReady = server.pending('controllers');
  const controllers = new ControllerManager(allControllers, { server: server.url, log: (msg, err) => log.error({ err }, msg) });
  await controllers.start();
  controllersReady();
  // The one node: this machine, its pods local processes on 127.244.0.0/24.
  const agent = new Agent(
    agentOptions(
      { server: server.url, nodeName: defaultNodeName(), dataDir: join(dataDir, 'agent'), podCidr: opts.podCidr, nodeIp: '127.0.0.1', clusterDomain: 'cluster.local', clusterDns: server.serviceAllocator.clusterDNSIP() },
      (msg, err) => log.error({ err }, msg),
      (msg) => process.stderr.write(`portico: ${msg}\n`),
    ),
  );
  await agent.start();
  const kubeconfig = join(dataDir, 'kubeconfig');
  await writeKubeconfig(kubeconfig, server.url);
  log.info({ url: server.url, dataDir }, 'API server ready');
  process.stdout.write(`Portico is up: API server at ${server.url}\nexport KUBECONFIG=${kubeconfig}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    // Pods first: Ctrl-C leaves no process behind.
    await agent.stop();
    controllers.stop();
    await server.stop();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
