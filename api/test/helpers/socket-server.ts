// A socket.io server configured like signaling (msgpack wire parser, redis adapter with the same key),
// so tests prove that the api's emitter really reaches a user's sockets.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import * as msgpackParser from 'socket.io-msgpack-parser';

export interface UserEvent {
  type: string;
  data: unknown;
}

export async function startSocketServer(redisUrl: string, key: string) {
  const pub = new Redis(redisUrl);
  const sub = pub.duplicate();
  const http = createServer();
  const io = new Server(http, { parser: msgpackParser, adapter: createAdapter(pub, sub, { key }) });
  io.on('connection', (socket) => {
    // Like signaling: the user's room, and the room of the api session its token belongs to.
    const { userId, sessionId } = socket.handshake.auth as { userId: string; sessionId?: string };
    void socket.join(sessionId ? [`user:${userId}`, `session:${sessionId}`] : `user:${userId}`);
    socket.emit('ready');
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const clients: Socket[] = [];
  return {
    /** Connects as `userId` and collects every `user-event` it receives. */
    async connect(userId: string): Promise<UserEvent[]> {
      const socket = connect(url, { parser: msgpackParser, auth: { userId }, transports: ['websocket'] });
      clients.push(socket);
      const events: UserEvent[] = [];
      socket.on('user-event', (e: UserEvent) => events.push(e));
      await new Promise<void>((resolve) => socket.once('ready', () => resolve()));
      return events;
    },
    /**
     * Connects as `userId` (in api session `sessionId`); the returned function tells why the server
     * disconnected it (null while connected).
     */
    async connectWatched(userId: string, sessionId?: string): Promise<() => string | null> {
      const socket = connect(url, { parser: msgpackParser, auth: { userId, sessionId }, transports: ['websocket'], reconnection: false });
      clients.push(socket);
      let reason: string | null = null;
      socket.on('disconnect', (r) => {
        reason = r;
      });
      await new Promise<void>((resolve) => socket.once('ready', () => resolve()));
      return () => reason;
    },
    async close() {
      for (const c of clients) c.disconnect();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      pub.disconnect();
      sub.disconnect();
    },
  };
}
