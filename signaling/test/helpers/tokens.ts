// RS256 keys and tokens shaped like the api's (access tokens and call tickets).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type CryptoKey, exportSPKI, generateKeyPair, SignJWT } from 'jose';

export interface TestKeys {
  privateKey: CryptoKey;
  publicKeyPem: string;
  publicKeyFile: string;
  accessToken(userId: string, opts?: { name?: string; jti?: string; expiresIn?: string; typ?: string; sid?: string }): Promise<string>;
  callTicket(userId: string, roomId: string, opts?: { name?: string; role?: string; jti?: string; expiresIn?: string }): Promise<string>;
}

export async function createTestKeys(): Promise<TestKeys> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicKeyPem = await exportSPKI(publicKey);
  const dir = mkdtempSync(path.join(tmpdir(), 'coope-sig-keys-'));
  const publicKeyFile = path.join(dir, 'jwt-public.pem');
  writeFileSync(publicKeyFile, publicKeyPem);
  const sign = (claims: Record<string, unknown>, expiresIn: string) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).setIssuedAt().setExpirationTime(expiresIn).sign(privateKey);
  return {
    privateKey,
    publicKeyPem,
    publicKeyFile,
    accessToken: (userId, o = {}) =>
      sign(
        { sub: userId, name: o.name ?? `user ${userId}`, role: 'user', typ: o.typ ?? 'access', jti: o.jti ?? randomUUID(), ...(o.sid ? { sid: o.sid } : {}) },
        o.expiresIn ?? '15m',
      ),
    callTicket: (userId, roomId, o = {}) =>
      sign({ sub: userId, name: o.name ?? `user ${userId}`, roomId, role: o.role ?? 'member', typ: 'call', jti: o.jti ?? randomUUID() }, o.expiresIn ?? '2m'),
  };
}
