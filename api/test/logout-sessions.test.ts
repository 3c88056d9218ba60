// Logout ends one session (one refresh-token family): its tokens stop working, its live sockets close on
// every signaling node, and the user's other sessions carry on. A reused refresh token ends its session alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers/harness.js';
import { startSocketServer } from './helpers/socket-server.js';
import { signup, type TestUser } from './helpers/users.js';

let h: Harness;
let sockets: Awaited<ReturnType<typeof startSocketServer>>;
beforeAll(async () => {
  h = await createHarness();
  sockets = await startSocketServer(h.config.REDIS_URL, h.config.SOCKET_IO_KEY);
});
afterAll(async () => {
  await sockets?.close();
  await h?.close();
});

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

const sidOf = (accessToken: string): string => JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()).sid;
const bearer = (t: Tokens) => ({ authorization: `Bearer ${t.accessToken}` });
const me = async (t: Tokens) => (await h.app.inject({ method: 'GET', url: '/me', headers: bearer(t) })).statusCode;
const refresh = (t: Tokens) => h.app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: t.refreshToken } });
const login = async (u: TestUser): Promise<Tokens> =>
  (await h.app.inject({ method: 'POST', url: '/auth/login', payload: { email: u.email, password: u.password } })).json();

describe('sessions', () => {
  it('logout closes the sockets of its own session only and denies every access token that session issued', async () => {
    const u = await signup(h.app, 'Lou');
    const laptop = await login(u);
    const laptopRotated: Tokens = (await refresh(laptop)).json();
    const phone = await login(u);
    // A session keeps its id across refreshes; each login starts a new one.
    expect(sidOf(laptopRotated.accessToken)).toBe(sidOf(laptop.accessToken));
    expect(new Set([sidOf(u.accessToken), sidOf(laptop.accessToken), sidOf(phone.accessToken)]).size).toBe(3);
    const laptopSocket = await sockets.connectWatched(u.id, sidOf(laptop.accessToken));
    const phoneSocket = await sockets.connectWatched(u.id, sidOf(phone.accessToken));

    const out = await h.app.inject({ method: 'POST', url: '/auth/logout', headers: bearer(laptopRotated) });
    expect(out.statusCode).toBe(200);
    await expect.poll(laptopSocket).toBe('io server disconnect');
    // The laptop's older access token (issued before the refresh) is denied too, and its refresh token is dead.
    expect(await me(laptop)).toBe(401);
    expect(await me(laptopRotated)).toBe(401);
    expect((await refresh(laptopRotated)).statusCode).toBe(401);
    // The phone carries on.
    expect(phoneSocket()).toBeNull();
    expect(await me(phone)).toBe(200);
    expect((await refresh(phone)).statusCode).toBe(200);
  });

  it('a reused refresh token ends its session: the thief and the owner of that session are both signed out', async () => {
    const u = await signup(h.app, 'Max');
    const session = await login(u);
    const rotated: Tokens = (await refresh(session)).json();
    const socket = await sockets.connectWatched(u.id, sidOf(rotated.accessToken));
    const elsewhere = await sockets.connectWatched(u.id, sidOf(u.accessToken));

    const reuse = await refresh(session);
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().code).toBe('refresh_token_reused');
    await expect.poll(socket).toBe('io server disconnect');
    expect(await me(rotated)).toBe(401);
    expect(elsewhere()).toBeNull();
    expect(await me(u)).toBe(200);
  });
});
