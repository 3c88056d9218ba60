// Forgot → mail → reset, end to end against real MariaDB, Redis and a real SMTP server (smtp-server).
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { Logger } from '../src/log.js';
import { createHarness, type Harness } from './helpers/harness.js';
import { linkIn, type SmtpSink, startSmtpSink } from './helpers/smtp-sink.js';
import { startSocketServer } from './helpers/socket-server.js';
import { signup, type TestUser } from './helpers/users.js';

const WEB = 'https://web.coope.test/app';
let h: Harness;
let smtp: SmtpSink;
let sockets: Awaited<ReturnType<typeof startSocketServer>>;
const logLines: string[] = [];
/** Every client address gets its own forgot-password budget; tests take a fresh one each. */
let nextIp = 1;
const freshIp = () => `203.0.113.${nextIp++}`;

beforeAll(async () => {
  smtp = await startSmtpSink();
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logLines.push(String(chunk));
      cb();
    },
  });
  const log = pino({ level: 'debug' }, sink) as Logger;
  h = await createHarness({
    env: { SMTP_URL: smtp.url, MAIL_FROM: 'Coope <no-reply@coope.test>', PUBLIC_WEB_URL: WEB, RATE_LIMIT_FORGOT_MAX: '3' },
    deps: { log },
  });
  sockets = await startSocketServer(h.config.REDIS_URL, h.config.SOCKET_IO_KEY);
});
afterAll(async () => {
  await sockets?.close();
  await h?.close();
  await smtp?.close();
});

const forgot = (email: string, remoteAddress = freshIp()) =>
  h.app.inject({ method: 'POST', url: '/auth/password/forgot', payload: { email }, remoteAddress });
const reset = (token: string, password: string) =>
  h.app.inject({ method: 'POST', url: '/auth/password/reset', payload: { token, password } });
const login = (u: TestUser, password: string) =>
  h.app.inject({ method: 'POST', url: '/auth/login', payload: { email: u.email, password } });

/** Asks for a reset and returns the token from the link in the mail that arrives. */
async function mailedToken(u: TestUser): Promise<string> {
  const before = smtp.mailsTo(u.email).length;
  expect((await forgot(u.email)).statusCode).toBe(202);
  await expect.poll(() => smtp.mailsTo(u.email).length).toBe(before + 1);
  const mail = smtp.mailsTo(u.email).at(-1)!;
  const link = linkIn(mail, `${WEB}/reset-password?`);
  return link.searchParams.get('token')!;
}

describe('forgot password', () => {
  it('mails a reset link; the new password works, the old one fails, and the link works once', async () => {
    const u = await signup(h.app, 'Rita');
    const token = await mailedToken(u);
    const mail = smtp.mailsTo(u.email).at(-1)!;
    expect(mail.subject).toBe('Reset your Coope password');
    expect(mail.text).toContain('Hi Rita');
    expect(mail.text).toContain('for 1 hour');
    expect(mail.html).toContain(`href="${WEB}/reset-password?token=${token}"`);
    const row = await h.db.selectFrom('password_resets').selectAll().where('user_id', '=', u.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toContain(token);
    expect(row.expires_at.getTime() - Date.now()).toBeGreaterThan(3590_000);
    expect(row.expires_at.getTime() - Date.now()).toBeLessThanOrEqual(3600_000);

    const done = await reset(token, 'a brand new secret');
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ ok: true });
    expect((await login(u, u.password)).statusCode).toBe(401);
    expect((await login(u, 'a brand new secret')).statusCode).toBe(200);
    const hash = await h.db.selectFrom('users').select('password_hash').where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(hash.password_hash).toMatch(/^\$argon2id\$/);

    const again = await reset(token, 'yet another secret');
    expect(again.statusCode).toBe(410);
    expect(again.json()).toEqual({
      code: 'reset_token_used',
      message: 'This reset link has already been used. Ask for a new one if you still need to reset your password.',
    });
    expect((await login(u, 'yet another secret')).statusCode).toBe(401);
  });

  it('signs out every other session: refresh tokens are revoked and access tokens denied', async () => {
    const u = await signup(h.app, 'Sam');
    const laptop = (await login(u, u.password)).json();
    const phoneAccess = { authorization: `Bearer ${laptop.accessToken}` };
    expect((await h.app.inject({ method: 'GET', url: '/me', headers: phoneAccess })).statusCode).toBe(200);
    // A rotated session too: its newest tokens must die as well.
    const rotated = (await h.app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: u.refreshToken } })).json();

    expect((await reset(await mailedToken(u), 'fresh password 1')).statusCode).toBe(200);
    for (const refreshToken of [laptop.refreshToken, rotated.refreshToken]) {
      const res = await h.app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken } });
      expect(res.statusCode).toBe(401);
    }
    for (const accessToken of [laptop.accessToken, rotated.accessToken, u.accessToken]) {
      const res = await h.app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${accessToken}` } });
      expect(res.statusCode).toBe(401);
    }
    const open = await h.db.selectFrom('refresh_tokens').select('id').where('user_id', '=', u.id).where('revoked_at', 'is', null).execute();
    expect(open).toEqual([]);
    // Signing in again works as usual.
    expect((await login(u, 'fresh password 1')).statusCode).toBe(200);
  });

  it('closes the user’s live realtime sockets, on whatever signaling node they are, and no one else’s', async () => {
    const [u, other] = [await signup(h.app, 'Una'), await signup(h.app, 'Vic')];
    const mine = await sockets.connectWatched(u.id);
    const theirs = await sockets.connectWatched(other.id);
    expect((await reset(await mailedToken(u), 'fresh password 2')).statusCode).toBe(200);
    await expect.poll(mine).toBe('io server disconnect');
    expect(theirs()).toBeNull();
  });

  it('refuses an expired link, and an unknown one, with clear messages', async () => {
    const u = await signup(h.app, 'Tess');
    const token = await mailedToken(u);
    await h.db.updateTable('password_resets').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', u.id).execute();
    const expired = await reset(token, 'too late password');
    expect(expired.statusCode).toBe(410);
    expect(expired.json()).toEqual({ code: 'reset_token_expired', message: 'This reset link has expired. Ask for a new one.' });
    expect((await login(u, u.password)).statusCode).toBe(200);
    const unknown = await reset('x'.repeat(43), 'some password');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('reset_token_invalid');
  });

  it('answers an unknown email and a passwordless account with the same 202, and mails nothing', async () => {
    const u = await signup(h.app, 'Uma');
    const known = await forgot(u.email);
    await h.db.insertInto('users').values({ id: crypto.randomUUID(), email: 'oidc-only@coope.test', name: 'O', role: 'user' }).execute();
    const passwordless = await forgot('oidc-only@coope.test');
    const unknown = await forgot('nobody-here@coope.test');
    for (const res of [passwordless, unknown]) {
      expect(res.statusCode).toBe(known.statusCode);
      expect(res.body).toBe(known.body);
    }
    expect(known.statusCode).toBe(202);
    await h.app.passwordResets.drain();
    await expect.poll(() => smtp.mailsTo(u.email).length).toBe(1);
    expect(smtp.mailsTo('oidc-only@coope.test')).toEqual([]);
    expect(smtp.mailsTo('nobody-here@coope.test')).toEqual([]);
    const stored = await h.db
      .selectFrom('password_resets as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select('u.email')
      .where('u.email', '=', 'oidc-only@coope.test')
      .execute();
    expect(stored).toEqual([]);
  });

  it('rate-limits the forgot route per client address', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) expect((await forgot(`nobody-${i}@coope.test`, ip)).statusCode).toBe(202);
    const limited = await forgot('nobody-4@coope.test', ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    expect((await forgot('nobody-5@coope.test', freshIp())).statusCode).toBe(202);
  });

  it('mails one account at most three times an hour, however many addresses ask', async () => {
    const u = await signup(h.app, 'Vic');
    for (let i = 0; i < 5; i++) expect((await forgot(u.email)).statusCode).toBe(202);
    await h.app.passwordResets.drain();
    expect(smtp.mailsTo(u.email)).toHaveLength(3);
  });

  it('answers bad bodies with 400 and field messages', async () => {
    const bad = await h.app.inject({ method: 'POST', url: '/auth/password/forgot', payload: { email: 'nope' }, remoteAddress: freshIp() });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({
      code: 'validation_failed',
      message: 'Invalid request',
      fields: [{ path: 'body.email', message: 'Enter a valid email address' }],
    });
    const short = await h.app.inject({ method: 'POST', url: '/auth/password/reset', payload: { token: 'abc', password: 'short' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().fields).toEqual([
      { path: 'body.token', message: 'This reset link is incomplete' },
      { path: 'body.password', message: 'Password must be at least 8 characters' },
    ]);
    const missing = await h.app.inject({ method: 'POST', url: '/auth/password/reset', payload: {} });
    expect(missing.json().fields).toContainEqual({ path: 'body.token', message: 'Reset token is required' });
  });

  it('counts mails by kind and result, and logs no token, password or SMTP credential', async () => {
    const metrics = await h.app.metrics.registry.getSingleMetricAsString('coope_api_mail_sent_total');
    expect(metrics).toMatch(/coope_api_mail_sent_total\{kind="password_reset",result="ok"\} \d+/);
    const logs = logLines.join('');
    expect(logs).toContain('"msg":"mail sent"');
    expect(logs).not.toContain(smtp.password);
    for (const mail of smtp.mails) {
      const token = linkIn(mail, `${WEB}/reset-password?`).searchParams.get('token')!;
      expect(logs).not.toContain(token);
    }
    expect(logs).not.toContain('a brand new secret');
  });
});

describe('mail config', () => {
  const base = { DATABASE_URL: 'mysql://x@h/db', REDIS_URL: 'redis://h', JWT_PRIVATE_KEY_FILE: 'a', JWT_PUBLIC_KEY_FILE: 'b' };

  it('leaves email off when SMTP_URL is unset or empty, and names a bad value without echoing it', () => {
    expect(loadConfig(base).SMTP_URL).toBeUndefined();
    expect(loadConfig({ ...base, SMTP_URL: '' }).SMTP_URL).toBeUndefined();
    expect(loadConfig({ ...base, SMTP_URL: 'smtps://u:p@mail.example.com:465' }).SMTP_URL).toBe('smtps://u:p@mail.example.com:465');
    expect(() => loadConfig({ ...base, SMTP_URL: 'http://u:hunter2@mail.example.com' })).toThrow(
      'invalid environment variable SMTP_URL: must be an smtp:// or smtps:// URL',
    );
    expect(() => loadConfig({ ...base, MAIL_FROM: 'Coope' })).toThrow(/^invalid environment variable MAIL_FROM: /);
    expect(loadConfig({ ...base, MAIL_FROM: 'Coope <no-reply@example.com>' }).MAIL_FROM).toBe('Coope <no-reply@example.com>');
  });
});
