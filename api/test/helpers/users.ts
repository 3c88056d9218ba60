// Signs users up through the real routes, for tests.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Session } from '../../src/contract/auth.js';
import type { Db } from '../../src/db/database.js';

export interface TestUser extends Session {
  id: string;
  email: string;
  password: string;
  headers: { authorization: string };
}

export async function signup(app: FastifyInstance, name = 'User'): Promise<TestUser> {
  const email = `${name.toLowerCase().replace(/\W/g, '')}-${randomBytes(4).toString('hex')}@example.test`;
  const password = 'correct horse battery';
  const res = await app.inject({ method: 'POST', url: '/auth/signup', payload: { email, password, name } });
  if (res.statusCode !== 201) throw new Error(`signup failed: ${res.statusCode} ${res.body}`);
  const session = res.json() as Session;
  return {
    ...session,
    id: session.user.id,
    email,
    password,
    headers: { authorization: `Bearer ${session.accessToken}` },
  };
}

/** Makes a user an admin directly in the database, then signs in again for a token with the role. */
export async function makeAdmin(app: FastifyInstance, db: Db, user: TestUser): Promise<TestUser> {
  await db.updateTable('users').set({ role: 'admin' }).where('id', '=', user.id).execute();
  const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: user.email, password: user.password } });
  const session = res.json() as Session;
  return { ...user, ...session, headers: { authorization: `Bearer ${session.accessToken}` } };
}
