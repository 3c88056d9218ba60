// The one socket a signed-in tab keeps to the signaling cluster: user events (chat, friends, invites),
// presence, and the calls. Loaded lazily after sign-in, so the landing page never ships socket.io.
import { type ProtocolSocket, rotateUrlsOnReconnect } from '@coope/signaling/client';
import { protocolParser } from '@coope/signaling/protocol';
import { io } from 'socket.io-client';
import { getAccessToken, refreshSession } from '../api/session.js';
import { realtimeStatus } from './status.js';
import { runtimeConfig } from './runtime-config.js';

let socket: ProtocolSocket | null = null;
let starting: Promise<ProtocolSocket> | null = null;
let stopRotation: (() => void) | null = null;
/** Bumped by closeRealtime, so a socket still being opened for the previous user is dropped. */
let generation = 0;

function attachStatus(s: ProtocolSocket): void {
  s.on('connect', () => {
    realtimeStatus.value = 'connected';
  });
  s.on('disconnect', (reason) => {
    // A server-side kick does not reconnect by itself; everything else does.
    realtimeStatus.value = 'reconnecting';
    if (reason === 'io server disconnect') s.connect();
  });
  s.on('connect_error', (err: Error & { data?: { code?: string } }) => {
    realtimeStatus.value = 'reconnecting';
    if (err.data?.code !== 'UNAUTHORIZED') return;
    // The access token expired: refresh it, then connect again (auth is read on every attempt).
    void refreshSession().then((ok) => {
      if (ok) s.connect();
      else realtimeStatus.value = 'offline';
    });
  });
}

async function open(): Promise<ProtocolSocket> {
  const { signalingUrls } = await runtimeConfig();
  if (signalingUrls.length === 0) throw new Error('No realtime server is configured.');
  // Spread tabs over the nodes; a reconnect moves on to the next one.
  const start = Math.floor(Math.random() * signalingUrls.length);
  const urls = [...signalingUrls.slice(start), ...signalingUrls.slice(0, start)];
  const s: ProtocolSocket = io(urls[0]!, {
    transports: ['websocket'],
    parser: protocolParser,
    auth: (cb) => cb({ token: getAccessToken() ?? '' }),
    reconnectionDelay: 300,
    reconnectionDelayMax: 3000,
  });
  stopRotation = rotateUrlsOnReconnect(s, urls);
  attachStatus(s);
  realtimeStatus.value = 'connecting';
  return s;
}

/** The shared socket, opened on first use. */
export function realtimeSocket(): Promise<ProtocolSocket> {
  if (socket) return Promise.resolve(socket);
  const mine = generation;
  starting ??= open().then(
    (s) => {
      if (mine !== generation) {
        s.disconnect();
        throw new Error('The realtime connection was closed.');
      }
      socket = s;
      return s;
    },
    (err: unknown) => {
      starting = null;
      throw err;
    },
  );
  return starting;
}

/** Waits until the socket is connected (for requests that need an answer now). */
export async function connectedSocket(timeoutMs = 10_000): Promise<ProtocolSocket> {
  const s = await realtimeSocket();
  if (s.connected) return s;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      s.off('connect', done);
      reject(new Error('Cannot reach the realtime service. Check your connection and try again.'));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve(s);
    };
    s.once('connect', done);
  });
}

export function closeRealtime(): void {
  generation++;
  stopRotation?.();
  stopRotation = null;
  socket?.disconnect();
  socket = null;
  starting = null;
  realtimeStatus.value = 'offline';
}
