// The synchronous ES256 verifier against tokens signed by jose (as the api signs them).
import { generateKeyPairSync } from 'node:crypto';
import { type CryptoKey, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { Es256Verifier, JwtError } from '../src/auth/es256-jwt.js';

let privateKey: CryptoKey;
let verifier: Es256Verifier;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateKey = pair.privateKey;
  verifier = new Es256Verifier(await exportSPKI(pair.publicKey));
});

const sign = (claims: Record<string, unknown>, o: { exp?: string; key?: CryptoKey } = {}) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).setExpirationTime(o.exp ?? '1m').sign(o.key ?? privateKey);

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

function reason(token: string): string {
  try {
    verifier.verify(token);
    return 'accepted';
  } catch (err) {
    return err instanceof JwtError ? err.reason : 'other';
  }
}

describe('Es256Verifier', () => {
  it('accepts a token signed by the key and returns its claims', async () => {
    const payload = verifier.verify(await sign({ sub: 'u1', roomId: 'r1', typ: 'call' }));
    expect(payload).toMatchObject({ sub: 'u1', roomId: 'r1', typ: 'call' });
  });

  it('refuses expired, not-yet-valid and claim-less tokens', async () => {
    expect(reason(await sign({ sub: 'u1' }, { exp: '-1s' }))).toBe('expired');
    const future = await new SignJWT({ sub: 'u1' }).setProtectedHeader({ alg: 'ES256' }).setExpirationTime('2m').setNotBefore('1m').sign(privateKey);
    expect(reason(future)).toBe('invalid');
    expect(reason(await sign({ name: 'no sub' }))).toBe('invalid');
    const noExp = await new SignJWT({ sub: 'u1' }).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
    expect(reason(noExp)).toBe('invalid');
  });

  it('refuses another key, a changed payload and another algorithm', async () => {
    const other = await generateKeyPair('ES256');
    expect(reason(await sign({ sub: 'u1' }, { key: other.privateKey }))).toBe('invalid');
    const [h, , s] = (await sign({ sub: 'u1' })).split('.');
    expect(reason(`${h}.${b64({ sub: 'admin', exp: 9e9 })}.${s}`)).toBe('invalid');
    const [, p, sig] = (await sign({ sub: 'u1' })).split('.');
    expect(reason(`${b64({ alg: 'none' })}.${p}.${sig}`)).toBe('invalid');
    expect(reason(`${b64({ alg: 'ES256', crit: ['b64'] })}.${p}.${sig}`)).toBe('invalid');
  });

  it('decodes a header once but never accepts a bad one, however often it comes', async () => {
    const [h, p, sig] = (await sign({ sub: 'u1' })).split('.');
    for (let i = 0; i < 3; i++) expect(reason(`${h}.${p}.${sig}`)).toBe('accepted');
    for (let i = 0; i < 3; i++) {
      expect(reason(`${b64({ alg: 'none' })}.${p}.${sig}`)).toBe('invalid');
      expect(reason(`${b64({ alg: 'ES256', crit: ['b64'] })}.${p}.${sig}`)).toBe('invalid');
      expect(reason(`${h}!.${p}.${sig}`)).toBe('invalid');
    }
    // Many distinct good headers (the cache stays bounded) are still checked by signature.
    for (let i = 0; i < 40; i++) {
      const t = await new SignJWT({ sub: 'u1' }).setProtectedHeader({ alg: 'ES256', kid: `k${i}` }).setExpirationTime('1m').sign(privateKey);
      expect(reason(t)).toBe('accepted');
      const [hi, pi] = t.split('.');
      expect(reason(`${hi}.${pi}.${sig}`)).toBe('invalid');
    }
  });

  it('refuses malformed input', () => {
    for (const t of ['', 'a.b', 'a.b.c.d', '..', 'not.a.jwt', `${b64({ alg: 'ES256' })}.e30.AAAA`, 'x'.repeat(10_000)]) {
      expect(reason(t)).toBe('invalid');
    }
  });

  it('refuses a public key that is not P-256', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => new Es256Verifier(rsa)).toThrow(/P-256/);
  });
});
