// Page shares reach live co-editing: the real app with collab on, real WebSockets. A guest viewer syncs
// read-only, a guest editor writes, an outsider is refused, and a removed share closes the guest's editor.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../src/collab/index.js';
import { RawClient } from './collab/helpers/clients.js';
import { createHarness, type Harness } from './helpers/harness.js';
import { signup, type TestUser } from './helpers/users.js';

let h: Harness;
let url: string;
let owner: TestUser;
let guest: TestUser;
let outsider: TestUser;
let ws: string;
const clients: RawClient[] = [];

beforeAll(async () => {
  h = await createHarness({ deps: { collab: true } });
  url = `${(await h.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws')}/collab`;
  owner = await signup(h.app, 'Owner');
  guest = await signup(h.app, 'Guest');
  outsider = await signup(h.app, 'Outsider');
  ws = (await h.app.inject({ method: 'POST', url: '/workspaces', headers: owner.headers, payload: { name: 'W' } })).json().id;
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.close();
  await h?.close();
});

async function page(): Promise<string> {
  return (await h.app.inject({ method: 'POST', url: `/workspaces/${ws}/documents`, headers: owner.headers, payload: { title: 'D' } })).json().id;
}

async function share(doc: string, user: TestUser, role: 'viewer' | 'editor'): Promise<void> {
  const res = await h.app.inject({ method: 'PUT', url: `/documents/${doc}/shares`, headers: owner.headers, payload: { email: user.email, role } });
  expect(res.statusCode).toBe(200);
}

function connect(doc: string, user: TestUser): RawClient {
  const c = new RawClient(url, doc, `token=${user.accessToken}&ack=1`);
  clients.push(c);
  return c;
}

const word = () => randomBytes(3).toString('hex');

describe('page shares in live co-editing', { timeout: 60_000 }, () => {
  it('a guest viewer syncs read-only; a guest editor writes; an outsider is refused', async () => {
    const doc = await page();
    await share(doc, guest, 'viewer');
    const writer = connect(doc, owner);
    const reader = connect(doc, guest);
    await Promise.all([writer.whenSynced(), reader.whenSynced()]);
    const fromOwner = word();
    writer.doc.getText('body').insert(0, fromOwner);
    await expect.poll(() => reader.doc.getText('body').toString()).toContain(fromOwner);
    reader.doc.getText('body').insert(0, 'guest words');
    await expect.poll(() => reader.permissionDenied).not.toBeNull();
    expect(writer.doc.getText('body').toString()).not.toContain('guest words');

    const refused = connect(doc, outsider);
    expect((await refused.closed).code).toBe(CloseCode.forbidden);

    const other = await page();
    await share(other, guest, 'editor');
    const ownerOnOther = connect(other, owner);
    const guestEditor = connect(other, guest);
    await Promise.all([ownerOnOther.whenSynced(), guestEditor.whenSynced()]);
    const fromGuest = word();
    guestEditor.doc.getText('body').insert(0, fromGuest);
    await expect.poll(() => ownerOnOther.doc.getText('body').toString()).toContain(fromGuest);
    expect(guestEditor.permissionDenied).toBeNull();
  });

  it('removing the share closes the guest’s open editor, and the reconnect is refused', async () => {
    const doc = await page();
    await share(doc, guest, 'editor');
    const open = connect(doc, guest);
    await open.whenSynced();
    const removed = await h.app.inject({ method: 'DELETE', url: `/documents/${doc}/shares/${guest.id}`, headers: owner.headers });
    expect(removed.statusCode).toBe(200);
    await expect.poll(() => open.isOpen, { timeout: 5000 }).toBe(false);
    const again = connect(doc, guest);
    expect((await again.closed).code).toBe(CloseCode.forbidden);
  });
});
