// No secret reaches the logs. Runs the real api, signaling and media-node processes (childSpecs, as
// `npm start` does) at LOG_LEVEL=debug, drives a realistic flow through them — sign-up, login with a
// password (and a wrong one), refresh, a call ticket, a signaling connect and join (which makes signaling
// call the media node with MEDIA_RPC_SECRET), a collab WebSocket, hostile requests carrying tokens, logout —
// then greps everything the processes printed for every secret involved.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { protocolParser } from '@coope/signaling/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { childSpecs, type PortPlan } from '../local/src/cluster.js';
import { ensureJwtKeys } from '../local/src/keys.js';
import { Supervisor } from '../local/src/supervisor.js';
import { createTestDatabase } from '../local/src/test-database.js';
import { repoRoot } from './paths.js';

/** 17xxx: cluster.test.ts uses 14xxx, live metrics 15xxx, chaos 16xxx. */
const BASE = 17000;
const PORTS: PortPlan = {
  redis: 0,
  mysql: 0,
  api: BASE,
  signaling: [BASE + 101],
  mediaRpc: [BASE + 201],
  mediaRtcBase: [BASE + 300],
  mediaPipe: [[BASE + 400, BASE + 499]],
  web: BASE + 173,
};
const api = `http://127.0.0.1:${PORTS.api}`;
const signaling = `http://127.0.0.1:${PORTS.signaling[0]}`;

const dataDir = path.join(repoRoot, '.data', `secrets-logs-${randomBytes(4).toString('hex')}`);
const rpcSecret = `rpc-${randomBytes(16).toString('hex')}`;
const logs: string[] = [];
/** Every secret the flow handled, by name. */
const secrets: Record<string, string> = {};
let supervisor: Supervisor;
let databaseUrl: string;

beforeAll(async () => {
  mkdirSync(dataDir, { recursive: true });
  ensureJwtKeys(dataDir);
  databaseUrl = await createTestDatabase('secrets_logs');
  const prefix = `coope:seclog:${randomBytes(3).toString('hex')}:`;
  const specs = childSpecs({ repoRoot, dataDir, keysDir: dataDir }, { redisUrl: process.env.COOPE_TEST_REDIS_URL!, databaseUrl, rpcSecret }, PORTS)
    .filter((s) => s.name !== 'web')
    // The flow signs in and refreshes more often than the per-address sign-in limit allows.
    .map((s) => ({ ...s, env: { ...s.env, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'debug', RATE_LIMIT_LOGIN_MAX: '50' } }));
  supervisor = new Supervisor(specs, (line) => logs.push(line));
  supervisor.start();
  await vi.waitFor(
    () => {
      const waiting = supervisor.states().filter((s) => s.state !== 'healthy');
      if (waiting.length) throw new Error(`not healthy: ${waiting.map((s) => `${s.name}:${s.state}`).join(' ')}\n${logs.slice(-20).join('\n')}`);
    },
    { timeout: 150_000, interval: 500 },
  );
}, 180_000);

afterAll(async () => {
  await supervisor?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

async function call(method: string, route: string, body?: unknown, token?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${api}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text.startsWith('{') ? JSON.parse(text) : {} };
}

function connect(token: string): Promise<Socket> {
  const socket = io(signaling, { transports: ['websocket'], parser: protocolParser, auth: { token }, forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.disconnect();
      reject(err);
    });
  });
}

/** Opens the collab socket and waits for the server's first sync message. */
function collab(documentId: string, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${PORTS.api}/collab/${documentId}?token=${encodeURIComponent(token)}`);
    ws.once('message', () => {
      ws.close();
      resolve();
    });
    ws.once('error', reject);
  });
}

async function accountFlow(): Promise<{ access: string; documentId: string; workspaceId: string }> {
  const email = `secrets-${randomUUID().slice(0, 8)}@example.com`;
  secrets.password = `Pw-${randomBytes(12).toString('hex')}`;
  const signup = await call('POST', '/auth/signup', { email, password: secrets.password, name: 'Secret Keeper' });
  expect(signup.status).toBe(201);
  expect((await call('POST', '/auth/login', { email, password: `${secrets.password}-wrong` })).status).toBe(401);
  const login = (await call('POST', '/auth/login', { email, password: secrets.password })).json;
  secrets.firstAccessToken = login.accessToken as string;
  secrets.firstRefreshToken = login.refreshToken as string;
  const refreshed = (await call('POST', '/auth/refresh', { refreshToken: secrets.firstRefreshToken })).json;
  secrets.accessToken = refreshed.accessToken as string;
  secrets.refreshToken = refreshed.refreshToken as string;
  // Reusing a rotated refresh token ends its session: an error path that handles a secret. Done on the
  // sign-up's session, since it also denies that session's access tokens.
  secrets.signupRefreshToken = signup.json.refreshToken as string;
  expect((await call('POST', '/auth/refresh', { refreshToken: secrets.signupRefreshToken })).status).toBe(200);
  expect((await call('POST', '/auth/refresh', { refreshToken: secrets.signupRefreshToken })).status).toBe(401);
  const workspaceId = (await call('POST', '/workspaces', { name: 'secrets' }, secrets.accessToken)).json.id as string;
  const documentId = (await call('POST', `/workspaces/${workspaceId}/documents`, { title: 'notes' }, secrets.accessToken)).json.id as string;
  return { access: secrets.accessToken, documentId, workspaceId };
}

describe('secrets in logs', () => {
  it('never prints a password, token, ticket, RPC secret, key material or DB password', async () => {
    const { access, documentId, workspaceId } = await accountFlow();
    const ticket = (await call('POST', '/calls/tickets', { kind: 'workspace', workspaceId }, access)).json;
    secrets.callTicket = ticket.token as string;
    const socket = await connect(access);
    const join = (await socket.timeout(30_000).emitWithAck('join', { ticket: secrets.callTicket, device: { label: 'secrets' } })) as { ok: boolean };
    expect(join).toMatchObject({ ok: true });
    await socket.timeout(30_000).emitWithAck('leave', {});
    socket.disconnect();
    await collab(documentId, access);
    // Hostile and mistaken requests that carry secrets where a careless log line would print them.
    await fetch(`${api}/collab/${documentId}?token=${access}`);
    await fetch(`${api}/no-such-route?token=${access}&password=${secrets.password}`, { headers: { authorization: `Bearer ${access}`, cookie: `session=${access}` } });
    await call('POST', '/auth/login', { email: 'x', password: secrets.password });
    await connect(`${secrets.callTicket}`).catch(() => undefined);
    await new Promise<void>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${PORTS.mediaRpc[0]}/rpc?secret=${rpcSecret}-wrong`);
      ws.once('close', () => resolve());
      ws.once('error', () => resolve());
    });
    expect((await call('POST', '/auth/logout', { refreshToken: secrets.refreshToken }, access)).status).toBe(200);
    // The logged-out token presented again: the api's denylist reaches signaling across processes.
    await expect(connect(access)).rejects.toThrow('token revoked');
    expect((await call('GET', '/me', undefined, access)).status).toBe(401);
    await supervisor.stop();

    secrets.rpcSecret = rpcSecret;
    secrets.databasePassword = decodeURIComponent(new URL(databaseUrl).password);
    // Each 64-character line of the private key's base64 body, and each token's signature on its own.
    readFileSync(path.join(dataDir, 'jwt-private.pem'), 'utf8').split('\n').filter((l) => l.length >= 40 && !l.startsWith('-----')).forEach((l, i) => {
      secrets[`privateKeyLine${i}`] = l;
    });
    for (const name of ['accessToken', 'firstAccessToken', 'callTicket']) secrets[`${name}Signature`] = secrets[name]!.split('.')[2]!;
    expect(logs.length).toBeGreaterThan(20);
    const leaks = Object.entries(secrets).flatMap(([name, value]) =>
      logs.filter((l) => l.includes(value)).map((l) => `${name}: ${l.slice(0, 300)}`),
    );
    expect(leaks).toEqual([]);
  }, 120_000);
});
