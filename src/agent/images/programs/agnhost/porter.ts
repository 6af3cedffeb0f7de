// agnhost porter (test/images/agnhost/porter): for each SERVE_PORT_<n> (or SERVE_TCP_PORT_<n>)
// serves the variable's value over HTTP on port n; SERVE_UDP_PORT_<n> answers datagrams with it;
// SERVE_TLS_PORT_<n> serves HTTPS with CERT_FILE/KEY_FILE (default localhost.crt/.key in the
// working directory). With --json-response the body is {"Method":..,"Body":..}.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { goFatal, goLog, goQuote } from '../lib/go.ts';
import { goWrite } from '../lib/gohttp.ts';
import { listenError, podIP, udpType } from '../lib/pod.ts';
import type { Subcommand } from '../lib/subcommand.ts';

export const porter: Subcommand = {
  flags: { 'json-response': { type: 'bool', default: false } },
  args: { max: 0 },
  main({ values }) {
    const json = values['json-response'] as boolean;
    const host = podIP();
    const handler = (value: string) => (req: IncomingMessage, res: ServerResponse) => {
      if (!json) return goWrite(res, 200, value);
      // Go marshals the struct's fields in declaration order, with HTML-safe escapes.
      res.setHeader('Content-Type', 'application/json');
      goWrite(res, 200, JSON.stringify({ Method: req.method, Body: value }).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`));
    };
    for (const [key, value] of Object.entries(process.env)) {
      if (value === undefined) continue;
      const m = /^SERVE_(PORT|TCP_PORT|UDP_PORT|TLS_PORT|SCTP_PORT)_(.*)$/.exec(key);
      if (!m) continue;
      const port = m[2]!;
      const kind = m[1]!;
      if (kind === 'PORT' || kind === 'TCP_PORT') {
        const s = createHttpServer(handler(value));
        s.on('error', (e) => goLog(`server on port ${goQuote(port)} failed: ${listenError('tcp', host, Number(port), e)}`));
        s.listen({ port: Number(port), host });
      } else if (kind === 'UDP_PORT') {
        const sock = createSocket(udpType(host));
        sock.on('error', (e) => goFatal(`UDP: failed to listen on port ${port}: ${listenError('udp', host, Number(port), e)}`));
        sock.on('listening', () => goLog(`Started UDP server on port ${port}`));
        sock.on('message', (_m, rinfo) => sock.send(value, rinfo.port, rinfo.address));
        sock.bind(Number(port), host);
      } else if (kind === 'TLS_PORT') {
        const certFile = process.env.CERT_FILE || 'localhost.crt';
        const keyFile = process.env.KEY_FILE || 'localhost.key';
        let s;
        try {
          s = createHttpsServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, handler(value));
        } catch (e) {
          goLog(`tls server on port ${goQuote(port)} with certFile=${goQuote(certFile)}, keyFile=${goQuote(keyFile)} failed: ${(e as Error).message}`);
          continue;
        }
        s.on('error', (e) => goLog(`tls server on port ${goQuote(port)} failed: ${listenError('tcp', host, Number(port), e)}`));
        s.listen({ port: Number(port), host });
      } else {
        goLog(`SCTP is not supported by Portico; not serving SCTP port ${port}`);
      }
    }
    // Upstream blocks forever (select {}), even with nothing to serve.
    setInterval(() => {}, 2 ** 31 - 1);
  },
};
