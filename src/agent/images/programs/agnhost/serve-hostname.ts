// agnhost serve-hostname (test/images/agnhost/serve-hostname): answers every HTTP request, TCP
// connection or UDP datagram with the pod's hostname. On SIGTERM it keeps serving for 60s
// ("Awaiting pod deletion"), as upstream does, so endpoints can drain while the pod terminates.
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { goFatal, goLog, goSignalNames } from '../lib/go.ts';
import { addrString, listenError, podHostname, podIP, udpType } from '../lib/pod.ts';
import type { Subcommand } from '../lib/subcommand.ts';

export const serveHostname: Subcommand = {
  flags: {
    tcp: { type: 'bool', default: false },
    udp: { type: 'bool', default: false },
    http: { type: 'bool', default: true },
    close: { type: 'bool', default: false },
    port: { type: 'int', default: 9376 },
  },
  args: { max: 0 },
  main({ values }) {
    const doTCP = values.tcp as boolean;
    const doUDP = values.udp as boolean;
    const doHTTP = values.http as boolean;
    const doClose = values.close as boolean;
    const port = values.port as number;
    if (doHTTP && (doTCP || doUDP)) goFatal("Can't server TCP/UDP mode and HTTP mode at the same time");
    const hostname = podHostname();
    const host = podIP();

    if (doTCP) {
      const server = createTcpServer((conn) => {
        goLog(`TCP request from ${addrString(conn.remoteAddress, conn.remotePort)}`);
        conn.on('error', () => {});
        conn.end(hostname);
      });
      server.on('error', (err) => goFatal(`Error from net.Listen(): ${listenError('tcp', host, port, err)}`));
      server.listen({ port, host });
    }
    if (doUDP) {
      const sock = createSocket(udpType(host));
      sock.on('error', (err) => goFatal(`Error from ListenUDP(): ${listenError('udp', host, port, err)}`));
      sock.on('message', (_msg, rinfo) => {
        goLog(`UDP request from ${addrString(rinfo.address, rinfo.port)}`);
        sock.send(hostname, rinfo.port, rinfo.address);
      });
      sock.bind(port, host);
    }
    if (doHTTP) {
      const server = createHttpServer((req, res) => {
        goLog(`HTTP request from ${addrString(req.socket.remoteAddress, req.socket.remotePort)}`);
        // Upstream adds this header to force closing the connection after each request.
        if (doClose) res.setHeader('Connection', 'close');
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.setHeader('Content-Length', Buffer.byteLength(hostname));
        res.end(hostname);
      });
      server.on('error', (err) => goFatal(listenError('tcp', host, port, err)));
      server.listen({ port, host });
    }
    goLog(`Serving on port ${port}.\n`);
    process.once('SIGTERM', () => {
      goLog(`Shutting down after receiving signal: ${goSignalNames.SIGTERM}.\n`);
      goLog('Awaiting pod deletion.\n');
      setTimeout(() => process.exit(0), 60_000);
    });
  },
};
