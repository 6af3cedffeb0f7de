// agnhost netexec: HTTP endpoints (netexec-routes.ts) on --http-port and a UDP command server
// (netexec-udp.ts) on --udp-port. SIGTERM exits 0, after --delay-shutdown seconds of serving
// with /readyz answering 503, as the terminating-endpoint e2e tests expect.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { goFatal, goLog, goQuote } from '../lib/go.ts';
import { cleanPath, goRedirect, readForm } from '../lib/gohttp.ts';
import { listenError, podIP } from '../lib/pod.ts';
import type { Subcommand } from '../lib/subcommand.ts';
import { routes, type NetexecState } from './netexec-routes.ts';
import { startUDPServer } from './netexec-udp.ts';

export const netexec: Subcommand = {
  flags: {
    'http-port': { type: 'int', default: 8080 },
    'udp-port': { type: 'int', default: 8081 },
    'sctp-port': { type: 'int', default: -1 },
    'tls-cert-file': { type: 'string', default: '' },
    'tls-private-key-file': { type: 'string', default: '' },
    'http-override': { type: 'string', default: '' },
    'udp-listen-addresses': { type: 'string', default: '' },
    'delay-shutdown': { type: 'int', default: 0 },
  },
  args: { max: 0 },
  main({ values }) {
    const httpPort = values['http-port'] as number;
    const udpPort = values['udp-port'] as number;
    const delayShutdown = values['delay-shutdown'] as number;
    const httpOverride = values['http-override'] as string;
    const host = podIP();

    const server = makeServer(values['tls-cert-file'] as string, values['tls-private-key-file'] as string, (req, res) => void handle(req, res));
    const state: NetexecState = {
      ready: false,
      terminating: false,
      shutdown(code, timeoutNs) {
        // http.Server.Shutdown: stop listening, close idle connections, wait for busy ones.
        const deadline = setTimeout(() => {
          goLog('Graceful shutdown completed with: context deadline exceeded');
          process.exit(code);
        }, timeoutNs / 1e6);
        server.close(() => {
          clearTimeout(deadline);
          goLog('Graceful shutdown completed with: <nil>');
          process.exit(code);
        });
        server.closeIdleConnections();
      },
    };

    async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      try {
        let target = new URL(`http://netexec${req.url?.startsWith('/') ? req.url : `/${req.url ?? ''}`}`);
        if (httpOverride !== '') {
          // --http-override: every request is served as a GET of the override path and query.
          target = new URL(httpOverride, 'http://netexec');
        } else if (cleanPath(target.pathname) !== target.pathname) {
          // ServeMux answers unclean paths with a redirect to the clean one.
          goRedirect(req, res, cleanPath(target.pathname) + target.search, 301, 'Moved Permanently');
          return;
        }
        const route = routes[target.pathname] ?? routes['/']!;
        const form = httpOverride !== '' ? (k: string) => target.searchParams.get(k) ?? '' : await readForm(req, target);
        await route({ req, res, form, state });
      } catch (e) {
        goLog(`http: panic serving ${req.socket.remoteAddress}: ${(e as Error).message}`);
        req.socket.destroy();
      }
    }

    if (udpPort !== -1) {
      const list = values['udp-listen-addresses'] as string;
      const addresses = list === '' ? [host] : [...new Set(list.split(','))].sort();
      for (const a of addresses) {
        if (a !== undefined && !isIP(a)) goFatal(`parseAddress: invalid address ${a}`);
      }
      for (const a of addresses) startUDPServer(a, udpPort, () => (state.ready = true));
    }
    if ((values['sctp-port'] as number) !== -1) goLog('SCTP is not supported by Portico; not starting the SCTP server');

    process.once('SIGTERM', () => {
      state.terminating = true;
      if (delayShutdown > 0) {
        goLog(`Sleeping ${delayShutdown} seconds before terminating...`);
        setTimeout(() => process.exit(0), delayShutdown * 1000);
      } else process.exit(0);
    });

    goLog(`Started HTTP server on port ${httpPort}`);
    server.on('error', (err) => goFatal(listenError('tcp', host, httpPort, err)));
    server.listen({ port: httpPort, host });
  },
};

function makeServer(certFile: string, keyFile: string, handler: (req: IncomingMessage, res: ServerResponse) => void) {
  if (certFile === '') return createHttpServer(handler);
  try {
    return createHttpsServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, handler);
  } catch (e) {
    goFatal(`open ${goQuote(certFile)}: ${(e as Error).message}`);
  }
}
