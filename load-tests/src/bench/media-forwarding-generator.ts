// RTP generator process for the media-forwarding benchmark: sends synthetic VP8 at a fixed
// packet rate to one target until told to stop, and reports how many packets it sent.
import dgram from 'node:dgram';
import { serveIpc } from './common/ipc-child.js';
import { vp8Packet } from './common/rtp-packets.js';

const socket = dgram.createSocket('udp4');
let timer: NodeJS.Timeout | undefined;
let sent = 0;
let seq = 1;

serveIpc({
  start: (msg) => {
    const { ip, port, ssrc, pps, payloadBytes } = msg as { ip: string; port: number; ssrc: number; pps: number; payloadBytes: number };
    clearInterval(timer);
    sent = 0;
    const tickMs = 5; // small ticks: bursts would overflow the worker's receive buffer
    let owed = 0;
    timer = setInterval(() => {
      owed += (pps * tickMs) / 1000;
      for (; owed >= 1; owed--) {
        socket.send(vp8Packet(seq++, ssrc, payloadBytes), port, ip);
        sent++;
      }
    }, tickMs);
    return {};
  },
  stop: () => {
    clearInterval(timer);
    timer = undefined;
    return { sent };
  },
});
