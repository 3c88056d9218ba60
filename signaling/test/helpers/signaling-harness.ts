// In-process signaling nodes and socket.io clients for tests.
import { io as connect, type Socket } from 'socket.io-client';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { SignalingNode } from '../../src/node.js';
import {
  type ClientEventName,
  type ClientToServerEvents,
  type EventAck,
  type EventPayload,
  protocolParser,
  type ServerToClientEvents,
} from '../../src/protocol/index.js';
import { loadNativeUws } from '../../src/transport/uws-native.js';
import type { TestKeys } from './tokens.js';
import { testRedisUrl } from './redis.js';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface StartedNode {
  node: SignalingNode;
  url: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  id: string;
  prefix: string;
  keys: TestKeys;
  env?: Record<string, string>;
  /** Wait until this many media nodes are connected. */
  mediaNodes?: number;
}

export async function startSignaling(o: StartOptions): Promise<StartedNode> {
  const config = loadConfig({
    SIGNALING_NODE_ID: o.id,
    SIGNALING_PORT: '0',
    SIGNALING_HOST: '127.0.0.1',
    REDIS_URL: testRedisUrl(),
    REDIS_KEY_PREFIX: o.prefix,
    SHARED_KEY_PREFIX: o.prefix,
    SOCKET_IO_KEY: `${o.prefix}socket.io`,
    JWT_PUBLIC_KEY_FILE: o.keys.publicKeyFile,
    MEDIA_RPC_SECRET: 'test-secret-123',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...o.env,
  });
  const node = await SignalingNode.create({ config, log: createLogger(config.LOG_LEVEL, o.id), uws: loadNativeUws(), publicKeyPem: o.keys.publicKeyPem });
  const port = await node.listen();
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, o.mediaNodes ?? 0);
  return { node, url, stop: () => node.stop() };
}

/** Polls /readyz until Redis is up (and `mediaNodes` media nodes are connected). */
export async function waitReady(url: string, mediaNodes = 0, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = await fetch(`${url}/readyz`)
      .then((r) => r.json() as Promise<{ ok: boolean; mediaNodes: number }>)
      .catch(() => undefined);
    if (body?.ok && body.mediaNodes >= mediaNodes) return;
    if (Date.now() > deadline) throw new Error(`${url} not ready: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Connects and waits for the handshake; rejects with the middleware's error. */
export function connectClient(url: string, token: string, opts: { reconnection?: boolean } = {}): Promise<ClientSocket> {
  const socket: ClientSocket = connect(url, {
    transports: ['websocket'],
    parser: protocolParser,
    auth: { token },
    reconnection: opts.reconnection ?? false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

export function request<E extends ClientEventName>(socket: ClientSocket, event: E, payload: EventPayload<E>, timeoutMs = 10_000): Promise<EventAck<E>> {
  // The typed emit cannot spread a generic tuple; the protocol maps guarantee the shapes.
  return (socket.timeout(timeoutMs) as unknown as { emitWithAck(e: string, p: unknown): Promise<EventAck<E>> }).emitWithAck(event, payload);
}

/** Resolves with the next notification of that name. */
export function nextEvent<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E, timeoutMs = 10_000): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${String(event)} within ${timeoutMs} ms`)), timeoutMs);
    (socket as unknown as { once(e: string, fn: (p: unknown) => void): void }).once(event as string, (p) => {
      clearTimeout(timer);
      resolve(p as Parameters<ServerToClientEvents[E]>[0]);
    });
  });
}

/** Collects every notification of that name. */
export function collect<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E): Array<Parameters<ServerToClientEvents[E]>[0]> {
  const out: Array<Parameters<ServerToClientEvents[E]>[0]> = [];
  (socket as unknown as { on(e: string, fn: (p: unknown) => void): void }).on(event as string, (p) => out.push(p as never));
  return out;
}
