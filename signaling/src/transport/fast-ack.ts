// Acks of our uWS node, written straight to the client's WebSocket when engine.io has nothing queued for
// it: the same bytes socket.io would send (an ACK packet in msgpack, one binary frame), without engine.io's
// per-packet buffer, flush and events. Anything else (a packet queued, another transport, closing) takes
// socket.io's own path, so the order of packets on a socket never changes.
import type { Socket } from 'socket.io';
import { encodeMsgpack } from './msgpack-writer.js';

/** socket.io-parser's ACK packet type. */
const ACK = 3;

interface UwsWebSocket {
  send(message: Uint8Array, isBinary: boolean, compress: boolean): number;
}

interface EngineConnection {
  readyState: string;
  writeBuffer: unknown[];
  transport: { name: string; writable: boolean; socket?: UwsWebSocket };
}

interface AckingSocket {
  nsp: { name: string };
  conn: EngineConnection;
  ack(id: number): (...args: unknown[]) => void;
  packet(packet: { id: number; type: number; data: unknown[] }): void;
}

/** Replaces socket.io's ack factory on this socket (socket.io calls `socket.ack(id)` per event with an ack). */
export function useFastAcks(socket: Socket): void {
  const s = socket as unknown as AckingSocket;
  s.ack = (id: number) => {
    let sent = false;
    return (...data: unknown[]) => {
      if (sent) return;
      sent = true;
      const conn = s.conn;
      const t = conn.transport;
      if (conn.readyState === 'open' && conn.writeBuffer.length === 0 && t.writable && t.name === 'websocket' && t.socket) {
        t.socket.send(encodeMsgpack({ id, type: ACK, data, nsp: s.nsp.name }), true, false);
        return;
      }
      s.packet({ id, type: ACK, data });
    };
  };
}
