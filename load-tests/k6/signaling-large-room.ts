// Large-room fan-out: an audience of ROOM_SIZE clients sits in one call while a few churners join and
// leave on a fixed clock (every SLOT_MS). Every audience member measures how long after the slot
// started it saw the churner's `peerJoined`: join handling plus fan-out to the whole room.
import { check } from 'k6';
import exec from 'k6/execution';
import { Counter, Rate, Trend } from 'k6/metrics';
import type { Options } from 'k6/options';
import { setTimeout } from 'k6/timers';
import { envNumber, signalingUrlFor } from './lib/env.ts';
import { type Identity, identityPool, ticketFor } from './lib/identities.ts';
import type { MsgValue } from './lib/msgpack.ts';
import { SioClient } from './lib/sio-client.ts';

const ROOM_SIZE = envNumber('ROOM_SIZE', 200);
const CHURNERS = envNumber('CHURNERS', 4);
const SLOT_MS = envNumber('SLOT_MS', 2000);
const HOLD_SECONDS = envNumber('HOLD_SECONDS', 120);
/** Audience members join spread over this long, so the warm-up is not itself a storm. */
const AUDIENCE_RAMP_SECONDS = envNumber('AUDIENCE_RAMP_SECONDS', 30);

const visibleMs = new Trend('room_peer_visible_ms', true);
const eventsReceived = new Counter('room_events_received');
const audienceJoinMs = new Trend('room_audience_join_ms', true);
const joinOk = new Rate('room_join_ok');
const churnCycles = new Counter('room_churn_cycles');

export const options: Options = {
  setupTimeout: '15m',
  scenarios: {
    audience: {
      executor: 'per-vu-iterations',
      vus: ROOM_SIZE,
      iterations: 1,
      maxDuration: `${HOLD_SECONDS + AUDIENCE_RAMP_SECONDS + 60}s`,
      exec: 'audience',
    },
    churn: {
      executor: 'per-vu-iterations',
      vus: CHURNERS,
      iterations: 1,
      startTime: `${AUDIENCE_RAMP_SECONDS + 5}s`,
      maxDuration: `${HOLD_SECONDS + 30}s`,
      exec: 'churn',
    },
  },
  thresholds: {
    room_peer_visible_ms: ['p(95)<250', 'p(99)<500'],
    room_audience_join_ms: ['p(99)<200'],
    room_join_ok: ['rate>0.99'],
    checks: ['rate>0.99'],
  },
};

interface Data {
  identities: Identity[];
  churnUserIds: string[];
}

export function setup(): Data {
  const identities = identityPool(ROOM_SIZE + CHURNERS, 1);
  return { identities, churnUserIds: identities.slice(ROOM_SIZE).map((i) => i.userId) };
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function joinAs(id: Identity, urlIndex: number): Promise<SioClient | null> {
  const ticket = ticketFor(id);
  if (!ticket) return null;
  const client = await SioClient.connect(signalingUrlFor(urlIndex), { token: id.accessToken });
  const started = Date.now();
  const ack = await client.emit('join', { ticket, device: { label: 'k6' } });
  audienceJoinMs.add(Date.now() - started, { scenario: exec.scenario.name });
  joinOk.add(ack.ok === true);
  if (ack.ok !== true) {
    client.close();
    return null;
  }
  return client;
}

export async function audience(data: Data): Promise<void> {
  const index = exec.scenario.iterationInTest;
  const churners = new Set(data.churnUserIds);
  await wait((index / ROOM_SIZE) * AUDIENCE_RAMP_SECONDS * 1000);
  const client = await joinAs(data.identities[index]!, index).catch(() => null);
  if (!check(client, { 'audience joined': (c) => c !== null }) || !client) return;
  client.on('peerJoined', (payload: MsgValue) => {
    const p = payload as { userId?: string };
    eventsReceived.add(1);
    if (!p.userId || !churners.has(p.userId)) return;
    // Churners join exactly at a slot boundary, so the offset into the slot is the delay.
    visibleMs.add(Date.now() % SLOT_MS);
  });
  client.on('peerLeft', () => eventsReceived.add(1));
  await wait((HOLD_SECONDS + AUDIENCE_RAMP_SECONDS - (index / ROOM_SIZE) * AUDIENCE_RAMP_SECONDS) * 1000);
  await client.emit('leave', {}).catch(() => null);
  client.close();
}

export async function churn(data: Data): Promise<void> {
  const index = exec.scenario.iterationInTest;
  const id = data.identities[ROOM_SIZE + index]!;
  const deadline = Date.now() + HOLD_SECONDS * 1000;
  while (Date.now() < deadline) {
    const client = await SioClient.connect(signalingUrlFor(index), { token: id.accessToken }).catch(() => null);
    const ticket = ticketFor(id);
    if (!client || !ticket) {
      joinOk.add(false);
      await wait(SLOT_MS);
      continue;
    }
    await wait(SLOT_MS - (Date.now() % SLOT_MS));
    const ack = await client.emit('join', { ticket, device: { label: 'k6-churn' } }).catch(() => ({ ok: false }) as const);
    joinOk.add(ack.ok === true);
    await wait(SLOT_MS / 2);
    await client.emit('leave', {}).catch(() => null);
    client.close();
    churnCycles.add(1);
  }
}
