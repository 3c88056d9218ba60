// DM chat fan-out: pairs of friends each hold the realtime signaling socket (their `user:<id>` room) and
// send each other messages through the api. The api stores each message, then emits it through Redis
// to every socket of both users, on whatever signaling node they are. The body carries its send time,
// so the receiving socket measures end-to-end delivery; the sender's own socket measures the echo.
import { check } from 'k6';
import exec from 'k6/execution';
import { Counter, Rate, Trend } from 'k6/metrics';
import type { Options } from 'k6/options';
import { clearInterval, setInterval, setTimeout } from 'k6/timers';
import { befriend, loginOrSignup, type Session, sendChatAsync } from './lib/api.ts';
import { envNumber, signalingUrlFor } from './lib/env.ts';
import type { MsgValue } from './lib/msgpack.ts';
import { SioClient } from './lib/sio-client.ts';

const PAIRS = envNumber('PAIRS', 25);
const SEND_INTERVAL_MS = envNumber('SEND_INTERVAL_MS', 1000);
const SECONDS = envNumber('SECONDS', 120);
const NET_MS = envNumber('LATENCY_BUDGET_MS', 0);

const deliveryMs = new Trend('chat_delivery_ms', true);
const echoMs = new Trend('chat_echo_ms', true);
const sendOk = new Rate('chat_send_ok');
const sent = new Counter('chat_messages_sent');
const delivered = new Counter('chat_messages_delivered');

export const options: Options = {
  setupTimeout: '10m',
  scenarios: {
    pairs: { executor: 'per-vu-iterations', vus: PAIRS * 2, iterations: 1, maxDuration: `${SECONDS + 60}s` },
  },
  thresholds: {
    chat_delivery_ms: [`p(95)<${100 + NET_MS}`, `p(99)<${250 + NET_MS}`],
    chat_send_ok: ['rate>0.99'],
    'http_req_duration{name:chat-send}': [`p(99)<${50 + NET_MS}`],
    checks: ['rate>0.99'],
  },
};

export function setup(): { users: Session[] } {
  const offset = envNumber('USER_OFFSET', 0);
  const users: Session[] = [];
  for (let i = 0; i < PAIRS * 2; i++) users.push(loginOrSignup(offset + i));
  for (let i = 0; i < PAIRS; i++) befriend(users[2 * i]!, users[2 * i + 1]!);
  return { users };
}

function sentAt(payload: MsgValue, me: string): { ms: number; own: boolean } | null {
  const event = payload as { type?: string; data?: { message?: { senderId?: string; body?: string } } };
  const message = event.data?.message;
  if (event.type !== 'chat.message' || !message?.body?.startsWith('k6@')) return null;
  return { ms: Number(message.body.slice(3)), own: message.senderId === me };
}

export default async function (data: { users: Session[] }): Promise<void> {
  const index = exec.scenario.iterationInTest;
  const me = data.users[index]!;
  const friend = data.users[index ^ 1]!;
  const client = await SioClient.connect(signalingUrlFor(index), { token: me.accessToken }).catch(() => null);
  if (!check(client, { 'realtime socket connected': (c) => c !== null }) || !client) return;
  client.on('user-event', (payload) => {
    const s = sentAt(payload, me.userId);
    if (!s) return;
    if (s.own) echoMs.add(Date.now() - s.ms);
    else {
      deliveryMs.add(Date.now() - s.ms);
      delivered.add(1);
    }
  });
  let n = 0;
  const ticker = setInterval(() => {
    n++;
    sendChatAsync(me, friend.userId, `k6-${Date.now()}-${index}-${n}`, `k6@${Date.now()}`).then(
      (res) => {
        sendOk.add(res.status === 201 || res.status === 200);
        sent.add(1);
      },
      () => sendOk.add(false),
    );
  }, SEND_INTERVAL_MS);
  await new Promise<void>((resolve) => setTimeout(resolve, SECONDS * 1000));
  clearInterval(ticker);
  client.close();
}
