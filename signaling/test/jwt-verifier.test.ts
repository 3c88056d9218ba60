// The synchronous JWT verifier against tokens signed by jose (as the api signs them), for both key types:
// RS256 with an RSA key, ES256 with an EC P-256 key. The algorithm is the key's, never the token's.
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { type CryptoKey, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type JwtAlgorithm, JwtError, JwtVerifier } from '../src/auth/jwt-verifier.js';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe.each(['RS256', 'ES256'] as const)('JwtVerifier with an %s key', (alg: JwtAlgorithm) => {
  let privateKey: CryptoKey;
  let publicKeyPem: string;
  let verifier: JwtVerifier;

  beforeAll(async () => {
    const pair = await generateKeyPair(alg, { extractable: true });
    privateKey = pair.privateKey;
    publicKeyPem = await exportSPKI(pair.publicKey);
    verifier = new JwtVerifier(publicKeyPem);
  });

  const sign = (claims: Record<string, unknown>, o: { exp?: string; key?: CryptoKey; header?: Record<string, unknown> } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg, ...o.header })
      .setExpirationTime(o.exp ?? '1m')
      .sign(o.key ?? privateKey);

  function reason(token: string): string {
    try {
      verifier.verify(token);
      return 'accepted';
    } catch (err) {
      return err instanceof JwtError ? err.reason : 'other';
    }
  }

  it('takes its algorithm from the key, accepts a token signed by it and returns its claims', async () => {
    expect(verifier.algorithm).toBe(alg);
    const payload = verifier.verify(await sign({ sub: 'u1', roomId: 'r1', typ: 'call' }));
    expect(payload).toMatchObject({ sub: 'u1', roomId: 'r1', typ: 'call' });
  });

  it('refuses expired, not-yet-valid and claim-less tokens', async () => {
    expect(reason(await sign({ sub: 'u1' }, { exp: '-1s' }))).toBe('expired');
    const future = await new SignJWT({ sub: 'u1' }).setProtectedHeader({ alg }).setExpirationTime('2m').setNotBefore('1m').sign(privateKey);
    expect(reason(future)).toBe('invalid');
    expect(reason(await sign({ name: 'no sub' }))).toBe('invalid');
    const noExp = await new SignJWT({ sub: 'u1' }).setProtectedHeader({ alg }).sign(privateKey);
    expect(reason(noExp)).toBe('invalid');
  });

  it('refuses another key, a changed payload and another algorithm', async () => {
    const other = await generateKeyPair(alg);
    expect(reason(await sign({ sub: 'u1' }, { key: other.privateKey }))).toBe('invalid');
    const [h, , s] = (await sign({ sub: 'u1' })).split('.');
    expect(reason(`${h}.${b64({ sub: 'admin', exp: 9e9 })}.${s}`)).toBe('invalid');
    const [, p, sig] = (await sign({ sub: 'u1' })).split('.');
    expect(reason(`${b64({ alg: 'none' })}.${p}.${sig}`)).toBe('invalid');
    expect(reason(`${b64({ alg, crit: ['b64'] })}.${p}.${sig}`)).toBe('invalid');
    // The other asymmetric algorithm, correctly signed by a key of its own type.
    const otherAlg = alg === 'RS256' ? 'ES256' : 'RS256';
    const foreign = await generateKeyPair(otherAlg);
    const foreignToken = await new SignJWT({ sub: 'u1' }).setProtectedHeader({ alg: otherAlg }).setExpirationTime('1m').sign(foreign.privateKey);
    expect(reason(foreignToken)).toBe('invalid');
    // HS256 keyed with our public key (the classic confusion attack).
    const head = `${b64({ alg: 'HS256' })}.${b64({ sub: 'admin', exp: 9e9 })}`;
    expect(reason(`${head}.${createHmac('sha256', publicKeyPem).update(head).digest('base64url')}`)).toBe('invalid');
  });

  it('decodes a header once but never accepts a bad one, however often it comes', async () => {
    const [h, p, sig] = (await sign({ sub: 'u1' })).split('.');
    for (let i = 0; i < 3; i++) expect(reason(`${h}.${p}.${sig}`)).toBe('accepted');
    for (let i = 0; i < 3; i++) {
      expect(reason(`${b64({ alg: 'none' })}.${p}.${sig}`)).toBe('invalid');
      expect(reason(`${b64({ alg, crit: ['b64'] })}.${p}.${sig}`)).toBe('invalid');
      expect(reason(`${h}!.${p}.${sig}`)).toBe('invalid');
    }
    // Many distinct good headers (the cache stays bounded) are still checked by signature.
    for (let i = 0; i < 40; i++) {
      const t = await sign({ sub: 'u1' }, { header: { kid: `k${i}` } });
      expect(reason(t)).toBe('accepted');
      const [hi, pi] = t.split('.');
      expect(reason(`${hi}.${pi}.${sig}`)).toBe('invalid');
    }
  });

  it('refuses malformed input', () => {
    for (const t of ['', 'a.b', 'a.b.c.d', '..', 'not.a.jwt', `${b64({ alg })}.e30.AAAA`, 'x'.repeat(10_000)]) {
      expect(reason(t)).toBe('invalid');
    }
  });
});

describe('JwtVerifier keys', () => {
  const pem = (key: { export(o: { type: 'spki'; format: 'pem' }): string | Buffer }) => key.export({ type: 'spki', format: 'pem' }).toString();

  it('refuses short RSA keys, other curves and other key types', () => {
    expect(() => new JwtVerifier(pem(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey))).toThrow(/RSA \(2048 bits or more/);
    expect(() => new JwtVerifier(pem(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey))).toThrow(/EC P-256/);
    expect(() => new JwtVerifier(pem(generateKeyPairSync('ed25519').publicKey))).toThrow(/RS256/);
  });
});
