// socket.io 4 on uWebSockets.js with the Redis adapter: JWT in the connection middleware, the
// msgpack parser, per-socket rate limits, and every event validated before its handler.
import type { Redis } from 'ioredis';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server } from 'socket.io';
import type { TemplatedApp } from 'uWebSockets.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import type { CoopeSocket } from '../calls/local-peers.js';
import type { PeerCloser } from '../calls/peer-closer.js';
import { AppError, toAckError } from '../errors.js';
import { socketRooms } from '../ids.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { Presence } from '../presence/presence.js';
import { handshakeAuthSchema } from '../protocol/index.js';
import { createClusterAdapter } from './cluster-adapter.js';
import { type EventHandlers, registerEvents } from './event-dispatch.js';
import { useFastAcks } from './fast-ack.js';
import { TokenBucket } from './rate-limiter.js';
import { serverParser } from './server-parser.js';

export interface SocketServerDeps {
  verifier: TokenVerifier;
  presence: Presence;
  closer: PeerCloser;
  metrics: Metrics;
  log: Logger;
  handlers: (socket: CoopeSocket) => EventHandlers;
  rate: { perSec: number; burst: number };
  /** Keeps the disconnect work so shutdown can wait for it. */
  track: (work: Promise<unknown>) => void;
  /** Our uWS node: acks go straight to the WebSocket when nothing is queued (see fast-ack.ts). */
  fastAcks?: boolean;
}

/** The socket.io server on the uWS app; events are served once `serveSockets` ran. */
export function createSocketServer(app: TemplatedApp, adapter: { pub: Redis; sub: Redis; key: string; stock?: boolean }): Server {
  const opts = { key: adapter.key, requestsTimeout: 3_000 };
  const io = new Server({
    // Wire-compatible with the clients' protocolParser (msgpack); only the encoder differs.
    parser: serverParser,
    serveClient: false,
    pingInterval: 10_000,
    pingTimeout: 5_000,
    maxHttpBufferSize: 256 * 1024,
    cors: { origin: true },
    adapter: adapter.stock ? createAdapter(adapter.pub, adapter.sub, opts) : createClusterAdapter(adapter.pub, adapter.sub, opts),
  });
  io.attachApp(app);
  return io;
}

export function serveSockets(io: Server, d: SocketServerDeps): void {
  io.use((socket, next) => {
    authenticate(socket as CoopeSocket, d).then(
      () => next(),
      (err: unknown) => {
        const ack = toAckError(err);
        const e = new Error(ack.message) as Error & { data?: unknown };
        e.data = { code: ack.code };
        next(e);
      },
    );
  });
  io.on('connection', (socket: CoopeSocket) => handleConnection(socket, d));
}

async function authenticate(socket: CoopeSocket, d: SocketServerDeps): Promise<void> {
  const auth = handshakeAuthSchema.safeParse(socket.handshake.auth);
  if (!auth.success) throw new AppError('UNAUTHORIZED', 'missing access token');
  socket.data.user = await d.verifier.verifyAccess(auth.data.token);
  socket.data.bucket = new TokenBucket(d.rate.perSec, d.rate.burst);
}

function handleConnection(socket: CoopeSocket, d: SocketServerDeps): void {
  const user = socket.data.user;
  const log = d.log.child({ userId: user.userId, socketId: socket.id });
  d.metrics.socketConnected();
  socket.join(user.sessionId ? [socketRooms.user(user.userId), socketRooms.session(user.sessionId)] : socketRooms.user(user.userId));
  d.presence.socketConnected(user.userId, socket.id).catch((err) => {
    d.metrics.backgroundError('presence');
    log.debug({ err }, 'presence not recorded');
  });
  if (d.fastAcks) useFastAcks(socket);
  registerEvents(socket as never, d.handlers(socket), { metrics: d.metrics, log, bucket: socket.data.bucket });
  socket.on('disconnect', () => {
    d.metrics.socketDisconnected();
    d.track(
      d.closer.detach(socket).catch((err) => {
        d.metrics.backgroundError('peer-detach');
        log.warn({ err }, 'peer session not detached');
      }),
    );
    d.track(d.presence.socketDisconnected(user.userId, socket.id).catch(() => d.metrics.backgroundError('presence')));
  });
}
