import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSPKI, jwtVerify } from 'jose';
import { ConfigError, loadConfig } from '../src/config.js';
import { createHarness, type Harness, testKeys } from './helpers/harness.js';
import { makeAdmin, signup } from './helpers/users.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h.close());

describe('accounts', () => {
  it('signs up, logs in, and the access token is an RS256 JWT verifiable with the public key alone', async () => {
    const u = await signup(h.app, 'Ann');
    const res = await h.app.inject({ method: 'POST', url: '/auth/login', payload: { email: u.email.toUpperCase(), password: u.password } });
    expect(res.statusCode).toBe(200);
    const { accessToken } = res.json();
    const { payload, protectedHeader } = await jwtVerify(accessToken, await importSPKI(h.keys.publicKeyPem, 'RS256'));
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({ sub: u.id, name: 'Ann', role: 'user', typ: 'access' });
    expect(typeof payload.jti).toBe('string');
    expect(payload.exp! - payload.iat!).toBe(h.config.ACCESS_TOKEN_TTL_SECONDS);
  });

  it('rejects a wrong password and a duplicate email', async () => {
    const u = await signup(h.app, 'Bob');
    const bad = await h.app.inject({ method: 'POST', url: '/auth/login', payload: { email: u.email, password: 'wrong password' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toEqual({ code: 'invalid_credentials', message: 'Email or password is incorrect' });
    const unknown = await h.app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'nobody@example.test', password: 'whatever1' } });
    expect(unknown.statusCode).toBe(401);
    const dup = await h.app.inject({ method: 'POST', url: '/auth/signup', payload: { email: u.email, password: 'another pass', name: 'Bob 2' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('email_taken');
  });

  it('answers a bad signup body with 400 and field-level messages', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/auth/signup', payload: { email: 'not-an-email', password: 'short', name: '' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      code: 'validation_failed',
      message: 'Invalid request',
      fields: [
        { path: 'body.email', message: 'Enter a valid email address' },
        { path: 'body.password', message: 'Password must be at least 8 characters' },
        { path: 'body.name', message: 'Name is required' },
      ],
    });
    const missing = await h.app.inject({ method: 'POST', url: '/auth/signup', payload: {} });
    expect(missing.json().fields).toContainEqual({ path: 'body.password', message: 'Password is required' });
  });

  it('rotates refresh tokens and revokes the family when an old one is reused', async () => {
    const u = await signup(h.app, 'Cid');
    const r1 = await h.app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: u.refreshToken } });
    expect(r1.statusCode).toBe(200);
    const second = r1.json().refreshToken as string;
    expect(second).not.toBe(u.refreshToken);
    // The first token again: theft assumed, the whole family dies, including the newest token.
    const reuse = await h.app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: u.refreshToken } });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().code).toBe('refresh_token_reused');
    const after = await h.app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: second } });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('invalid_refresh_token');
  });

  it('logout denylists the jti in Redis with the remaining lifetime, and revokes the refresh family', async () => {
    const u = await signup(h.app, 'Dee');
    const me = await h.app.inject({ method: 'GET', url: '/me', headers: u.headers });
    expect(me.statusCode).toBe(200);
    const out = await h.app.inject({ method: 'POST', url: '/auth/logout', headers: u.headers, payload: { refreshToken: u.refreshToken } });
    expect(out.statusCode).toBe(200);
    const jti = JSON.parse(Buffer.from(u.accessToken.split('.')[1]!, 'base64url').toString()).jti;
    const ttl = await h.redis.ttl(`revoked:jti:${jti}`);
    expect(ttl).toBeGreaterThan(h.config.ACCESS_TOKEN_TTL_SECONDS - 10);
    expect(ttl).toBeLessThanOrEqual(h.config.ACCESS_TOKEN_TTL_SECONDS);
    const denied = await h.app.inject({ method: 'GET', url: '/me', headers: u.headers });
    expect(denied.statusCode).toBe(401);
    const refresh = await h.app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: u.refreshToken } });
    expect(refresh.statusCode).toBe(401);
  });

  it('updates the profile and lets only admins change roles', async () => {
    const u = await signup(h.app, 'Eve');
    const res = await h.app.inject({ method: 'PATCH', url: '/me', headers: u.headers, payload: { name: '  Eve Two ' } });
    expect(res.json()).toMatchObject({ name: 'Eve Two', avatarUrl: null, role: 'user' });
    const empty = await h.app.inject({ method: 'PATCH', url: '/me', headers: u.headers, payload: {} });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().fields).toEqual([{ path: 'body', message: 'Nothing to update' }]);
    const other = await signup(h.app, 'Fay');
    const url = `/admin/users/${other.id}/role`;
    const asUser = await h.app.inject({ method: 'PUT', url, headers: u.headers, payload: { role: 'admin' } });
    expect(asUser.statusCode).toBe(403);
    const admin = await makeAdmin(h.app, h.db, u);
    const asAdmin = await h.app.inject({ method: 'PUT', url, headers: admin.headers, payload: { role: 'admin' } });
    expect(asAdmin.statusCode).toBe(200);
    expect(asAdmin.json().role).toBe('admin');
  });

  it('rejects tokens that are not access tokens, and missing tokens', async () => {
    const anon = await h.app.inject({ method: 'GET', url: '/me' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json()).toEqual({ code: 'unauthenticated', message: 'Sign in to continue' });
    const call = h.app.tokens.signCall({ sub: 'x', name: 'x', roomId: 'r', role: 'member' });
    const res = await h.app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${call.token}` } });
    expect(res.statusCode).toBe(401);
  });
});

describe('config', () => {
  it('names the bad variable in one line', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x@h/db', REDIS_URL: 'redis://h', JWT_PRIVATE_KEY_FILE: 'a', JWT_PUBLIC_KEY_FILE: 'b', API_PORT: 'abc' })).toThrow(
      new ConfigError('invalid environment variable API_PORT: Invalid input: expected number, received NaN'),
    );
    expect(() => loadConfig({})).toThrow(/^invalid environment variable DATABASE_URL: /);
  });
});

describe('JWT keys', () => {
  it('signs ES256 with an EC P-256 key pair (the algorithm follows the key)', async () => {
    const ec = await createHarness({ keys: testKeys('ec') });
    try {
      const u = await signup(ec.app, 'Gus');
      const { protectedHeader } = await jwtVerify(u.accessToken, await importSPKI(ec.keys.publicKeyPem, 'ES256'));
      expect(protectedHeader.alg).toBe('ES256');
      expect((await ec.app.inject({ method: 'GET', url: '/me', headers: u.headers })).statusCode).toBe(200);
    } finally {
      await ec.close();
    }
  });

  it('refuses a key pair of two kinds, and keys of another kind, at start', async () => {
    const [rsa, ec] = [testKeys('rsa'), testKeys('ec')];
    await expect(createHarness({ keys: { privateKeyPem: rsa.privateKeyPem, publicKeyPem: ec.publicKeyPem } })).rejects.toThrow(
      'JWT private key is RS256 but the public key is ES256',
    );
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const ed = { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
    await expect(createHarness({ keys: ed })).rejects.toThrow(/JWT keys must be RSA \(2048 bits or more, RS256\) or EC P-256 \(ES256\)/);
  });
});
