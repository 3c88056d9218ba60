// Load for the signaling-join benchmark: socket.io clients that join, pull producers and leave in a loop
// (the signaling hot path of a call), and a paced join of many clients for latency.
import type { TokenMinter } from '../services/jwt-keys.js';
import { io, type Socket } from 'socket.io-client';
import { protocolParser } from '@coope/signaling/protocol';

export interface LoadClient {
  socket: Socket;
  userId: string;
  roomId: string;
  ticket: string;
}

export async function connectClients(o: {
  url: string;
  count: number;
  rooms: number;
  msgpack: boolean;
  minter: TokenMinter;
  /** User ids are `<tag>-u<i>`; rooms `<roomTag ?? tag>-room-<i % rooms>`. */
  tag: string;
  roomTag?: string;
}): Promise<LoadClient[]> {
  const clients: LoadClient[] = [];
  for (let i = 0; i < o.count; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, o.count - i) }, async (_, j) => {
        const user = { id: `${o.tag}-u${i + j}`, name: `bench ${i + j}` };
        const roomId = `${o.roomTag ?? o.tag}-room-${(i + j) % o.rooms}`;
        const [token, ticket] = await Promise.all([o.minter.access(user), o.minter.callTicket(user, roomId)]);
        const socket = io(o.url, {
          transports: ['websocket'],
          auth: { token },
          forceNew: true,
          reconnection: false,
          ...(o.msgpack ? { parser: protocolParser } : {}),
        });
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', reject);
        });
        return { socket, userId: user.id, roomId, ticket };
      }),
    );
    clients.push(...batch);
  }
  return clients;
}

async function ask(socket: Socket, event: string, payload: unknown): Promise<{ ok: boolean; code?: string }> {
  return socket.timeout(10_000).emitWithAck(event, payload) as Promise<{ ok: boolean; code?: string }>;
}

export interface CycleCounts {
  joins: number;
  requests: number;
  errors: number;
  joinMs: number[];
}

/**
 * Every client loops join → getExistingProducers → leave until `untilMs` (performance.now()): as fast as it
 * can, or, with `perSecond`, at that total rate (a client that falls behind starts its next cycle at once).
 */
export async function runCycles(clients: LoadClient[], untilMs: number, perSecond = 0): Promise<CycleCounts> {
  const counts: CycleCounts = { joins: 0, requests: 0, errors: 0, joinMs: [] };
  const periodMs = perSecond > 0 ? (clients.length * 1000) / perSecond : 0;
  const start = performance.now();
  await Promise.all(
    clients.map(async (c, i) => {
      let due = start + (i * periodMs) / clients.length;
      while (performance.now() < untilMs) {
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        due = Math.max(due + periodMs, performance.now());
        if (performance.now() >= untilMs) break;
        const t = performance.now();
        const joined = await ask(c.socket, 'join', { ticket: c.ticket });
        counts.requests++;
        if (!joined.ok) {
          counts.errors++;
          continue;
        }
        counts.joins++;
        counts.joinMs.push(performance.now() - t);
        const list = await ask(c.socket, 'getExistingProducers', {});
        const left = await ask(c.socket, 'leave', {});
        counts.requests += 2;
        if (!list.ok || !left.ok) counts.errors++;
      }
    }),
  );
  return counts;
}

/** Every client leaves its call. */
export async function leaveAll(clients: LoadClient[]): Promise<void> {
  await Promise.all(clients.map((c) => ask(c.socket, 'leave', {})));
}

/** Joins every client once at `perSecond`, recording each join's latency; everyone stays in. */
export async function pacedJoins(clients: LoadClient[], perSecond: number): Promise<{ joinMs: number[]; errors: string[] }> {
  const joinMs: number[] = [];
  const errors: string[] = [];
  const gap = 1000 / perSecond;
  const start = performance.now();
  await Promise.all(
    clients.map(async (c, i) => {
      const due = start + i * gap;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const t = performance.now();
      const r = await ask(c.socket, 'join', { ticket: c.ticket });
      if (r.ok) joinMs.push(performance.now() - t);
      else errors.push(r.code ?? 'unknown');
    }),
  );
  return { joinMs, errors };
}
