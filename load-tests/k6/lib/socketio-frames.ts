// engine.io v4 + socket.io v5 frames over a raw WebSocket, with the msgpack parser signaling uses.
// Text frames carry engine.io control packets ('0' open, '2' ping, '3' pong, '1' close); every socket.io
// packet is one binary frame holding msgpack({ type, nsp, data, id }). Pure: no k6 or Node imports.
import { type MsgValue, msgpackDecode, msgpackEncode } from './msgpack.ts';

export const SioPacketType = { CONNECT: 0, DISCONNECT: 1, EVENT: 2, ACK: 3, CONNECT_ERROR: 4 } as const;

export interface EngineOpen {
  sid: string;
  pingInterval: number;
  pingTimeout: number;
  maxPayload?: number;
}

export interface SioPacket {
  type: number;
  nsp: string;
  data?: MsgValue;
  id?: number;
}

export type Frame =
  | { kind: 'open'; open: EngineOpen }
  | { kind: 'ping' }
  | { kind: 'pong' }
  | { kind: 'close' }
  | { kind: 'packet'; packet: SioPacket }
  | { kind: 'unknown'; raw: string };

/** The socket.io endpoint of a signaling URL (http(s) → ws(s)), WebSocket transport only. */
export function socketIoUrl(baseUrl: string, path = '/socket.io/'): string {
  const ws = baseUrl.replace(/^http/, 'ws').replace(/\/+$/, '');
  return `${ws}${path}?EIO=4&transport=websocket`;
}

export function encodeConnect(auth: { [key: string]: MsgValue }, nsp = '/'): Uint8Array {
  return msgpackEncode({ type: SioPacketType.CONNECT, nsp, data: auth });
}

export function encodeEvent(event: string, payload: MsgValue, ackId?: number, nsp = '/'): Uint8Array {
  const packet: { [key: string]: MsgValue } = { type: SioPacketType.EVENT, nsp, data: [event, payload] };
  if (ackId !== undefined) packet.id = ackId;
  return msgpackEncode(packet);
}

/** The engine.io pong answering a server ping (engine.io v4: the server pings, the client answers). */
export const PONG_FRAME = '3';

export function decodeFrame(data: string | ArrayBuffer | Uint8Array): Frame {
  if (typeof data !== 'string') {
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    const value = msgpackDecode(bytes);
    if (!isPacket(value)) throw new Error('socket.io: binary frame is not a packet');
    return { kind: 'packet', packet: value };
  }
  switch (data.charAt(0)) {
    case '0':
      return { kind: 'open', open: JSON.parse(data.slice(1)) as EngineOpen };
    case '1':
      return { kind: 'close' };
    case '2':
      return { kind: 'ping' };
    case '3':
      return { kind: 'pong' };
    default:
      return { kind: 'unknown', raw: data };
  }
}

function isPacket(value: MsgValue): value is { [key: string]: MsgValue } & SioPacket {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) return false;
  return typeof value.type === 'number' && typeof value.nsp === 'string';
}

/** An EVENT packet's name and payload, or null for other packets. */
export function eventOf(packet: SioPacket): { event: string; payload: MsgValue } | null {
  if (packet.type !== SioPacketType.EVENT || !Array.isArray(packet.data)) return null;
  const [event, payload] = packet.data;
  return typeof event === 'string' ? { event, payload } : null;
}
