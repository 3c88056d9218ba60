// TURN for callers behind networks that allow only TLS: the call ticket carries coturn REST credentials
// (use-auth-secret), minted per ticket and valid for TURN_CREDENTIAL_TTL_SECONDS.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { turnCredentials } from '../src/turn-credentials.js';
import { createHarness, type Harness } from './helpers/harness.js';
import { signup } from './helpers/users.js';

const SECRET = 'a-long-static-auth-secret';
const URLS = 'turn:turn.example.com:3478?transport=udp, turns:turn.example.com:443?transport=tcp';

let withTurn: Harness;
let without: Harness;
beforeAll(async () => {
  withTurn = await createHarness({ env: { TURN_URLS: URLS, TURN_SECRET: SECRET, TURN_CREDENTIAL_TTL_SECONDS: '3600' } });
  without = await createHarness();
});
afterAll(async () => {
  await withTurn?.close();
  await without?.close();
});

async function dmTicket(h: Harness) {
  const [ann, bob] = [await signup(h.app, 'Ann'), await signup(h.app, 'Bob')];
  await h.db.insertInto('friendships').values([{ user_id: ann.id, friend_id: bob.id }, { user_id: bob.id, friend_id: ann.id }]).execute();
  const res = await h.app.inject({ method: 'POST', url: '/calls/tickets', headers: ann.headers, payload: { kind: 'dm', userId: bob.id } });
  expect(res.statusCode).toBe(200);
  return { ann, ticket: res.json() };
}

describe('TURN credentials', () => {
  it('come with a call ticket: coturn REST username and HMAC-SHA1 password, expiring after the TTL', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { ann, ticket } = await dmTicket(withTurn);
    expect(ticket.iceServers).toHaveLength(1);
    const [server] = ticket.iceServers;
    expect(server.urls).toEqual(['turn:turn.example.com:3478?transport=udp', 'turns:turn.example.com:443?transport=tcp']);
    const [expiry, userId] = server.username.split(':');
    expect(userId).toBe(ann.id);
    expect(Number(expiry)).toBeGreaterThanOrEqual(before + 3600);
    expect(Number(expiry)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 3600);
    expect(server.credential).toBe(createHmac('sha1', SECRET).update(server.username).digest('base64'));
  });

  it('are absent when the deployment has no TURN', async () => {
    expect((await dmTicket(without)).ticket.iceServers).toEqual([]);
    expect(turnCredentials(undefined, 'u1')).toEqual([]);
  });

  it('need both TURN_URLS and TURN_SECRET, and TURN URLs', () => {
    const base = { DATABASE_URL: 'mysql://x@localhost/x', REDIS_URL: 'redis://localhost:6379', JWT_PRIVATE_KEY_FILE: 'k', JWT_PUBLIC_KEY_FILE: 'k' };
    expect(() => loadConfig({ ...base, TURN_URLS: 'turn:t.example.com' })).toThrow(/TURN_SECRET: TURN_URLS and TURN_SECRET go together/);
    expect(() => loadConfig({ ...base, TURN_URLS: 'https://t.example.com', TURN_SECRET: SECRET })).toThrow(/TURN_URLS: each URL must start with turn: or turns:/);
    expect(() => loadConfig({ ...base, TURN_URLS: 'turn:t.example.com', TURN_SECRET: 'short' })).toThrow(/TURN_SECRET: must be at least 16/);
    expect(loadConfig({ ...base, TURN_URLS: 'turn:t.example.com', TURN_SECRET: SECRET }).TURN_URLS).toEqual(['turn:t.example.com']);
  });
});
