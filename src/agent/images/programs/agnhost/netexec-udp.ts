// netexec's UDP server: one datagram, one reply. Commands are lower-cased and trimmed first,
// so `echo Hello` answers `hello`, exactly as upstream.
import { createSocket } from 'node:dgram';
import { goFatal, goLog } from '../lib/go.ts';
import { addrString, listenError, podHostname, udpType } from '../lib/pod.ts';

/** Binds address:port (every IPv4 address when undefined); calls onReady once listening. */
export function startUDPServer(address: string | undefined, port: number, onReady: () => void): void {
  const sock = createSocket(udpType(address));
  sock.on('error', (err) => goFatal(`Error occurred: failed to create listener for UDP address ${addrString(address ?? '', port)}:${listenError('udp', address, port, err)}`));
  sock.on('listening', () => {
    goLog(`Started UDP server on port ${address ?? ''} ${port}`);
    onReady();
  });
  sock.on('message', (msg, rinfo) => {
    const client = addrString(rinfo.address, rinfo.port);
    const text = msg.subarray(0, 2048).toString('utf8').trim().toLowerCase();
    let reply: string | undefined;
    if (text === 'hostname') {
      goLog('Sending udp hostName response');
      reply = podHostname();
    } else if (text.startsWith('echo ')) {
      reply = text.slice(5);
      goLog(`Echoing ${reply} to UDP client ${client}\n`);
    } else if (text === 'clientip') {
      goLog(`Sending clientip back to UDP client ${client}\n`);
      reply = client;
    } else if (text.length > 0) {
      goLog(`Unknown UDP command received from ${client}: ${text}\n`);
    }
    if (reply !== undefined) sock.send(reply, rinfo.port, rinfo.address);
  });
  sock.bind(port, address);
}
