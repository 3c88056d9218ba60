// A socket.io client over k6's WebSocket, speaking engine.io v4 frames and msgpack packets by hand.
// Enough for signaling load: connect with auth, emit with ack, listen to server events, answer pings.
// TS `private` members rather than #fields, to stay within what k6's JavaScript runtime supports.
import { clearTimeout, setTimeout } from 'k6/timers';
import { WebSocket } from 'k6/websockets';
import type { MsgValue } from './msgpack.ts';
import { decodeFrame, encodeConnect, encodeEvent, eventOf, PONG_FRAME, SioPacketType, socketIoUrl, type SioPacket } from './socketio-frames.ts';

export type Ack = { [key: string]: MsgValue };
type Listener = (payload: MsgValue) => void;

interface Pending {
  resolve: (ack: Ack) => void;
  reject: (err: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class SioClient {
  private ws: WebSocket;
  private nextAckId = 1;
  private pending = new Map<number, Pending>();
  private listeners = new Map<string, Listener[]>();
  private isClosed = false;

  private constructor(ws: WebSocket) {
    this.ws = ws;
  }

  /** Opens the WebSocket and resolves once socket.io accepted the CONNECT (the server's auth middleware passed). */
  static connect(baseUrl: string, auth: { [key: string]: MsgValue }, timeoutMs = 10_000): Promise<SioClient> {
    const ws = new WebSocket(socketIoUrl(baseUrl));
    ws.binaryType = 'arraybuffer';
    const client = new SioClient(ws);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('socket.io connect timeout')), timeoutMs);
      const fail = (err: Error) => {
        clearTimeout(timer);
        client.close();
        reject(err);
      };
      ws.onerror = (e) => fail(new Error(`websocket error: ${e?.error ?? 'unknown'}`));
      ws.onclose = () => client.handleClose();
      ws.onmessage = (e) => {
        if (!e) return;
        const frame = decodeFrame(e.data as string | ArrayBuffer);
        if (frame.kind === 'open') ws.send(encodeConnect(auth).buffer as ArrayBuffer);
        else if (frame.kind === 'ping') ws.send(PONG_FRAME);
        else if (frame.kind === 'packet' && frame.packet.type === SioPacketType.CONNECT) {
          clearTimeout(timer);
          ws.onmessage = (m) => m && client.handleMessage(m.data as string | ArrayBuffer);
          resolve(client);
        } else if (frame.kind === 'packet' && frame.packet.type === SioPacketType.CONNECT_ERROR) {
          fail(new Error(`socket.io connect refused: ${JSON.stringify(frame.packet.data)}`));
        }
      };
    });
  }

  /** Emits with an ack; resolves with the ack object (`{ ok: true, ... }` or `{ ok: false, code, message }`). */
  emit(event: string, payload: MsgValue, timeoutMs = 10_000): Promise<Ack> {
    if (this.isClosed) return Promise.reject(new Error('socket closed'));
    const id = this.nextAckId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${event}: ack timeout`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.ws.send(encodeEvent(event, payload, id).buffer as ArrayBuffer);
    });
  }

  on(event: string, listener: Listener): void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener);
    this.listeners.set(event, list);
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.ws.close();
    this.rejectAll(new Error('socket closed'));
  }

  get closed(): boolean {
    return this.isClosed;
  }

  private handleMessage(data: string | ArrayBuffer): void {
    const frame = decodeFrame(data);
    if (frame.kind === 'ping') this.ws.send(PONG_FRAME);
    else if (frame.kind === 'packet') this.handlePacket(frame.packet);
    else if (frame.kind === 'close') this.close();
  }

  private handlePacket(packet: SioPacket): void {
    if (packet.type === SioPacketType.ACK && packet.id !== undefined) {
      const pending = this.pending.get(packet.id);
      if (!pending) return;
      this.pending.delete(packet.id);
      clearTimeout(pending.timer);
      const first = Array.isArray(packet.data) ? packet.data[0] : undefined;
      pending.resolve(typeof first === 'object' && first !== null && !Array.isArray(first) ? (first as Ack) : {});
      return;
    }
    if (packet.type === SioPacketType.DISCONNECT) {
      this.close();
      return;
    }
    const ev = eventOf(packet);
    if (ev) for (const listener of this.listeners.get(ev.event) ?? []) listener(ev.payload);
  }

  private handleClose(): void {
    this.isClosed = true;
    this.rejectAll(new Error('socket closed'));
  }

  private rejectAll(err: Error): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(err);
      this.pending.delete(id);
    }
  }
}
