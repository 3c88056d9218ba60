// The friend sets signaling reads to show presence to friends only: kept on accept and unfriend,
// and refilled from MariaDB when Redis lost them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../src/keys.js';
import { createHarness, type Harness } from './helpers/harness.js';
import { signup, type TestUser } from './helpers/users.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

const call = (user: TestUser, method: 'POST' | 'DELETE', url: string, payload?: object) =>
  h.app.inject({ method, url, headers: user.headers, ...(payload ? { payload } : {}) });
const friendsOf = async (u: TestUser) => (await h.app.redis.smembers(keys.friendSet(u.id))).sort();

async function befriend(a: TestUser, b: TestUser): Promise<void> {
  const req = await call(a, 'POST', '/friends/requests', { userId: b.id });
  expect((await call(b, 'POST', `/friends/requests/${req.json().id}/accept`)).statusCode).toBe(200);
}

describe('friend sets', () => {
  it('gains both sides on accept and loses both on unfriend; a declined request adds nothing', async () => {
    const [ann, bob, cat] = [await signup(h.app, 'Ann'), await signup(h.app, 'Bob'), await signup(h.app, 'Cat')];
    await befriend(ann, bob);
    const declined = await call(ann, 'POST', '/friends/requests', { userId: cat.id });
    await call(cat, 'POST', `/friends/requests/${declined.json().id}/decline`);
    expect(await friendsOf(ann)).toEqual([bob.id]);
    expect(await friendsOf(bob)).toEqual([ann.id]);
    expect(await friendsOf(cat)).toEqual([]);
    expect((await call(bob, 'DELETE', `/friends/${ann.id}`)).statusCode).toBe(200);
    expect(await friendsOf(ann)).toEqual([]);
    expect(await friendsOf(bob)).toEqual([]);
  });

  it('are refilled from the database after Redis lost them, and only then', async () => {
    const [dan, eve, fay] = [await signup(h.app, 'Dan'), await signup(h.app, 'Eve'), await signup(h.app, 'Fay')];
    await befriend(dan, eve);
    await befriend(fay, dan);
    await h.app.redis.del(keys.friendSet(dan.id), keys.friendSet(eve.id), keys.friendSet(fay.id), keys.friendSetsSynced);
    expect(await h.app.friends.sets.syncIfNeeded()).toBe(true);
    expect(await friendsOf(dan)).toEqual([eve.id, fay.id].sort());
    expect(await friendsOf(eve)).toEqual([dan.id]);
    expect(await friendsOf(fay)).toEqual([dan.id]);
    expect(await h.app.friends.sets.syncIfNeeded()).toBe(false);
  });

  it('a refill does not bring back a pair unfriended between its read and its write', async () => {
    const [gal, hal, ivy] = [await signup(h.app, 'Gal'), await signup(h.app, 'Hal'), await signup(h.app, 'Ivy')];
    await befriend(gal, hal);
    await befriend(gal, ivy);
    await h.app.redis.del(keys.friendSet(gal.id), keys.friendSet(hal.id), keys.friendSet(ivy.id), keys.friendSetsSynced);
    const sets = h.app.friends.sets;
    const rows = await sets.readBatch({ user_id: '', friend_id: '' });
    expect(rows.filter((r) => r.user_id === gal.id).map((r) => r.friend_id).sort()).toEqual([hal.id, ivy.id].sort());
    expect((await call(hal, 'DELETE', `/friends/${gal.id}`)).statusCode).toBe(200);
    await sets.writeBatch(rows);
    expect(await friendsOf(gal)).toEqual([ivy.id]);
    expect(await friendsOf(hal)).toEqual([]);
    expect(await friendsOf(ivy)).toEqual([gal.id]);
  });
});
