// A little real traffic for the live metrics test, so the labelled histograms and counters have
// series: sign-up, login (and a failed one), a workspace with a document and its list, a call
// ticket, then a signaling join, getExistingProducers and leave (which places the room on a media node).
import { randomUUID } from 'node:crypto';
import { protocolParser } from '@coope/signaling/protocol';
import { io, type Socket } from 'socket.io-client';

async function call<T>(base: string, method: string, route: string, body?: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${base}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Runs the api part; returns an access token and a call ticket for the user's workspace room. */
export async function apiTraffic(apiUrl: string): Promise<{ accessToken: string; ticket: string }> {
  const email = `metrics-live-${randomUUID().slice(0, 8)}@example.com`;
  const password = `Live-password-${randomUUID()}`;
  await call(apiUrl, 'POST', '/auth/signup', { email, password, name: 'Metrics Live' });
  const { accessToken } = await call<{ accessToken: string }>(apiUrl, 'POST', '/auth/login', { email, password });
  const refused = await fetch(`${apiUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'wrong-password' }),
  });
  if (refused.status !== 401 && refused.status !== 400) throw new Error(`a wrong password answered ${refused.status}`);
  const ws = await call<{ id: string }>(apiUrl, 'POST', '/workspaces', { name: 'metrics live' }, accessToken);
  await call(apiUrl, 'POST', `/workspaces/${ws.id}/documents`, { title: 'notes' }, accessToken);
  await call(apiUrl, 'GET', `/workspaces/${ws.id}/documents`, undefined, accessToken);
  const ticket = await call<{ token: string }>(apiUrl, 'POST', '/calls/tickets', { kind: 'workspace', workspaceId: ws.id }, accessToken);
  return { accessToken, ticket: ticket.token };
}

function connect(url: string, accessToken: string): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], parser: protocolParser, auth: { token: accessToken }, forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.disconnect();
      reject(err);
    });
  });
}

async function request(socket: Socket, event: string, payload: unknown): Promise<Record<string, unknown>> {
  const ack = (await socket.timeout(30_000).emitWithAck(event, payload)) as { ok: boolean; code?: string; message?: string };
  if (!ack.ok) throw new Error(`${event}: ${ack.code} ${ack.message}`);
  return ack as Record<string, unknown>;
}

/** Joins the call on the first signaling node and leaves it; a plain socket on every other node. */
export async function signalingTraffic(urls: readonly string[], accessToken: string, ticket: string): Promise<void> {
  const sockets = await Promise.all(urls.map((u) => connect(u, accessToken)));
  try {
    const caller = sockets[0]!;
    await request(caller, 'join', { ticket, device: { label: 'metrics-live' } });
    await request(caller, 'getExistingProducers', {});
    await request(caller, 'leave', {});
  } finally {
    for (const s of sockets) s.disconnect();
  }
}
