import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers/harness.js';
import { makeAdmin, signup, type TestUser } from './helpers/users.js';

let h: Harness;
let admin: TestUser;
let ann: TestUser;
let bob: TestUser;
beforeAll(async () => {
  h = await createHarness();
  admin = await makeAdmin(h.app, h.db, await signup(h.app, 'Admin'));
  ann = await signup(h.app, 'Ann');
  bob = await signup(h.app, 'Bob');
});
afterAll(async () => h.close());

const call = (user: TestUser | null, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  h.app.inject({ method, url, ...(user ? { headers: user.headers } : {}), ...(payload ? { payload } : {}) });

describe('notices and comments', () => {
  it('admins write notices, anyone reads them newest first with pagination', async () => {
    for (const n of [1, 2, 3]) {
      const res = await call(admin, 'POST', '/notices', { title: `Notice ${n}`, body: 'Body' });
      expect(res.statusCode).toBe(201);
    }
    expect((await call(ann, 'POST', '/notices', { title: 'x', body: 'y' })).statusCode).toBe(403);
    const page = await call(null, 'GET', '/notices?page=1&pageSize=2');
    expect(page.json()).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page.json().items.map((n: { title: string }) => n.title)).toEqual(['Notice 3', 'Notice 2']);
    const id = page.json().items[0].id;
    const edited = await call(admin, 'PATCH', `/notices/${id}`, { title: 'Edited' });
    expect(edited.json().title).toBe('Edited');
    const bad = await call(admin, 'POST', '/notices', { title: '', body: 'x'.repeat(20001) });
    expect(bad.json().fields).toEqual([
      { path: 'body.title', message: 'Title is required' },
      { path: 'body.body', message: 'Body must be at most 20000 characters' },
    ]);
  });

  it('lets signed-in users comment; authors and admins delete, others cannot', async () => {
    const notice = (await call(admin, 'POST', '/notices', { title: 'With comments', body: 'b' })).json();
    expect((await call(null, 'POST', `/notices/${notice.id}/comments`, { body: 'anon' })).statusCode).toBe(401);
    const c1 = (await call(ann, 'POST', `/notices/${notice.id}/comments`, { body: 'first' })).json();
    const c2 = (await call(ann, 'POST', `/notices/${notice.id}/comments`, { body: 'second' })).json();
    expect((await call(null, 'GET', `/notices/${notice.id}`)).json().commentCount).toBe(2);
    expect((await call(bob, 'DELETE', `/notices/${notice.id}/comments/${c1.id}`)).statusCode).toBe(403);
    expect((await call(ann, 'DELETE', `/notices/${notice.id}/comments/${c1.id}`)).statusCode).toBe(200);
    expect((await call(admin, 'DELETE', `/notices/${notice.id}/comments/${c2.id}`)).statusCode).toBe(200);
    expect((await call(null, 'GET', `/notices/${notice.id}/comments`)).json().total).toBe(0);
    expect((await call(admin, 'DELETE', `/notices/${notice.id}`)).statusCode).toBe(200);
    expect((await call(null, 'GET', `/notices/${notice.id}`)).statusCode).toBe(404);
  });
});

describe('support inquiries', () => {
  it('users see only their own; admins list, answer and close', async () => {
    const mine = (await call(ann, 'POST', '/inquiries', { subject: 'Help', body: 'It broke' })).json();
    await call(bob, 'POST', '/inquiries', { subject: 'Bob here', body: 'Question' });
    const annList = (await call(ann, 'GET', '/inquiries')).json();
    expect(annList.items.map((i: { id: string }) => i.id)).toEqual([mine.id]);
    expect((await call(bob, 'GET', `/inquiries/${mine.id}`)).statusCode).toBe(404);
    expect((await call(ann, 'GET', '/admin/inquiries')).statusCode).toBe(403);
    expect((await call(admin, 'GET', '/admin/inquiries?status=open')).json().total).toBe(2);
    const answered = await call(admin, 'POST', `/admin/inquiries/${mine.id}/answer`, { answer: 'Fixed' });
    expect(answered.json()).toMatchObject({ status: 'answered', answer: 'Fixed' });
    expect((await call(ann, 'GET', `/inquiries/${mine.id}`)).json().answer).toBe('Fixed');
    expect((await call(admin, 'POST', `/admin/inquiries/${mine.id}/close`)).json().status).toBe('closed');
    expect((await call(admin, 'GET', '/admin/inquiries?status=open')).json().total).toBe(1);
  });
});
