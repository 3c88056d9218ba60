// Email invites are mailed when SMTP is configured (real smtp-server), and behave as before without it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers/harness.js';
import { linkIn, type SmtpSink, startSmtpSink } from './helpers/smtp-sink.js';
import { signup, type TestUser } from './helpers/users.js';

const WEB = 'https://web.coope.test';
let smtp: SmtpSink;
let on: Harness;
let off: Harness;

beforeAll(async () => {
  smtp = await startSmtpSink();
  [on, off] = await Promise.all([
    createHarness({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Coope <no-reply@coope.test>', PUBLIC_WEB_URL: WEB } }),
    createHarness({ env: { PUBLIC_WEB_URL: WEB } }),
  ]);
});
afterAll(async () => {
  await Promise.all([on?.close(), off?.close()]);
  await smtp?.close();
});

async function ownerWithWorkspace(h: Harness): Promise<{ owner: TestUser; wsId: string }> {
  const owner = await signup(h.app, 'Olga');
  const res = await h.app.inject({ method: 'POST', url: '/workspaces', headers: owner.headers, payload: { name: 'Design <Team>' } });
  return { owner, wsId: res.json().id };
}

const invite = (h: Harness, owner: TestUser, wsId: string, payload: object) =>
  h.app.inject({ method: 'POST', url: `/workspaces/${wsId}/invites`, headers: owner.headers, payload });

const unique = (local: string) => `${local}-${Math.random().toString(36).slice(2, 8)}@example.test`;

describe('invite emails with SMTP on', () => {
  it('mails the invite; the mailed link lets the invitee join after signing up', async () => {
    const { owner, wsId } = await ownerWithWorkspace(on);
    const email = unique('Newcomer');
    const res = await invite(on, owner, wsId, { email, role: 'editor' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ email: email.toLowerCase(), emailed: true });
    await expect.poll(() => smtp.mailsTo(email.toLowerCase()).length).toBe(1);
    const mail = smtp.mailsTo(email.toLowerCase())[0]!;
    expect(mail.subject).toBe('Olga invited you to Design <Team> on Coope');
    expect(mail.text).toContain('as an editor');
    expect(mail.html).toContain('Design &lt;Team&gt;');
    const link = linkIn(mail, `${WEB}/invite?`);
    expect(link.toString()).toBe(res.json().link);

    const invitee = await on.app.inject({ method: 'POST', url: '/auth/signup', payload: { email, password: 'invitee password', name: 'Nina' } });
    const headers = { authorization: `Bearer ${invitee.json().accessToken}` };
    const accepted = await on.app.inject({ method: 'POST', url: '/invites/accept-link', headers, payload: { token: link.searchParams.get('token') } });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ id: wsId, role: 'editor' });
  });

  it('keeps the invite when the mail fails, says so, and counts the failure', async () => {
    const { owner, wsId } = await ownerWithWorkspace(on);
    const email = unique('bounce');
    const res = await invite(on, owner, wsId, { email, role: 'viewer' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ emailed: false, link: expect.stringContaining(`${WEB}/invite?token=`) });
    const pending = await on.app.inject({ method: 'GET', url: `/workspaces/${wsId}/invites`, headers: owner.headers });
    expect(pending.json().map((i: { id: string }) => i.id)).toContain(res.json().id);
    const metric = await on.app.metrics.registry.getSingleMetricAsString('coope_api_mail_sent_total');
    expect(metric).toContain('coope_api_mail_sent_total{kind="invite",result="error"} 1');
    expect(metric).toMatch(/coope_api_mail_sent_total\{kind="invite",result="ok"\} [1-9]/);
  });

  it('mails nothing for an invite to a known user by id', async () => {
    const { owner, wsId } = await ownerWithWorkspace(on);
    const bob = await signup(on.app, 'Bob');
    const res = await invite(on, owner, wsId, { userId: bob.id, role: 'viewer' });
    expect(res.statusCode).toBe(201);
    expect(res.json().emailed).toBeUndefined();
    expect(res.json().link).toBeUndefined();
    expect(smtp.mailsTo(bob.email)).toEqual([]);
  });
});

describe('with SMTP off', () => {
  it('returns the link to pass on, as before, and says it was not mailed', async () => {
    const { owner, wsId } = await ownerWithWorkspace(off);
    const carol = await signup(off.app, 'Carol');
    const res = await invite(off, owner, wsId, { email: carol.email, role: 'editor' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ emailed: false });
    const token = new URL(res.json().link).searchParams.get('token');
    const accepted = await off.app.inject({ method: 'POST', url: '/invites/accept-link', headers: carol.headers, payload: { token } });
    expect(accepted.json()).toMatchObject({ id: wsId, role: 'editor' });
    expect(smtp.mailsTo(carol.email)).toEqual([]);
    expect(await off.app.metrics.registry.getSingleMetricAsString('coope_api_mail_sent_total')).not.toContain('kind="invite"');
  });

  it('still answers forgot-password with 202, and stores no reset token', async () => {
    const u = await signup(off.app, 'Dora');
    const res = await off.app.inject({ method: 'POST', url: '/auth/password/forgot', payload: { email: u.email } });
    expect(res.statusCode).toBe(202);
    await off.app.passwordResets.drain();
    expect(await off.db.selectFrom('password_resets').selectAll().execute()).toEqual([]);
  });
});
