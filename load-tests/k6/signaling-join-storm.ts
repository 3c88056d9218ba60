// Signaling join storm: clients arrive at a rising rate, each connects (socket.io over WebSocket with the
// msgpack parser), joins a call, pulls existing producers, stays a moment and leaves.
// Run: k6 run -e SIGNALING_URLS=... -e TOKENS_FILE=tokens.json k6/signaling-join-storm.ts (see README.md).
import { check, fail } from 'k6';
import exec from 'k6/execution';
import { Counter, Rate, Trend } from 'k6/metrics';
import type { Options } from 'k6/options';
import { setTimeout } from 'k6/timers';
import { envNumber, signalingUrlFor } from './lib/env.ts';
import { type Identity, identityPool, ticketFor } from './lib/identities.ts';
import { SioClient } from './lib/sio-client.ts';

const RATE = envNumber('JOIN_RATE', 50);
const MAX_VUS = envNumber('MAX_VUS', 1000);
const USERS = envNumber('USERS', MAX_VUS);
const ROOMS = envNumber('ROOMS', Math.max(1, Math.floor(USERS / 10)));
const HOLD_MS = envNumber('HOLD_MS', 2000);

const connectMs = new Trend('signaling_connect_ms', true);
const joinMs = new Trend('signaling_join_ms', true);
const producersMs = new Trend('signaling_get_producers_ms', true);
const leaveMs = new Trend('signaling_leave_ms', true);
const joinOk = new Rate('signaling_join_ok');
const joinErrors = new Counter('signaling_join_errors');

export const options: Options = {
  setupTimeout: '10m',
  scenarios: {
    storm: {
      executor: 'ramping-arrival-rate',
      startRate: Math.max(1, Math.floor(RATE / 10)),
      timeUnit: '1s',
      preAllocatedVUs: Math.min(MAX_VUS, RATE * 2),
      maxVUs: MAX_VUS,
      stages: [
        { target: RATE, duration: __ENV.RAMP ?? '30s' },
        { target: RATE, duration: __ENV.HOLD ?? '1m' },
        { target: 0, duration: '10s' },
      ],
    },
  },
  thresholds: {
    signaling_join_ms: ['p(99)<100', 'p(95)<50'],
    signaling_connect_ms: ['p(99)<200'],
    signaling_get_producers_ms: ['p(99)<50'],
    signaling_join_ok: ['rate>0.99'],
    dropped_iterations: ['count<10'],
    checks: ['rate>0.99'],
  },
};

export function setup(): { identities: Identity[] } {
  return { identities: identityPool(USERS, ROOMS) };
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function timed<T>(trend: Trend, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const value = await fn();
  trend.add(Date.now() - started);
  return value;
}

export default async function (data: { identities: Identity[] }): Promise<void> {
  // One identity per VU: a VU runs one iteration at a time, so a user never joins twice at once
  // (that would be a session conflict, not load).
  const id = data.identities[(exec.vu.idInTest - 1) % data.identities.length]!;
  const ticket = ticketFor(id);
  if (!ticket) fail('no call ticket');
  let client: SioClient | null = null;
  try {
    client = await timed(connectMs, () => SioClient.connect(signalingUrlFor(exec.vu.idInTest), { token: id.accessToken }));
    const joined = await timed(joinMs, () => client!.emit('join', { ticket, device: { label: 'k6' } }));
    joinOk.add(joined.ok === true);
    if (!check(joined, { 'join ok': (a) => a.ok === true })) {
      joinErrors.add(1, { code: String(joined.code ?? 'none') });
      return;
    }
    const producers = await timed(producersMs, () => client!.emit('getExistingProducers', {}));
    check(producers, { 'getExistingProducers ok': (a) => a.ok === true && Array.isArray(a.producers) });
    await wait(HOLD_MS);
    const left = await timed(leaveMs, () => client!.emit('leave', {}));
    check(left, { 'leave ok': (a) => a.ok === true });
  } catch (err) {
    joinOk.add(false);
    joinErrors.add(1, { code: 'exception' });
    console.warn(`join storm: ${String(err)}`);
  } finally {
    client?.close();
  }
}
