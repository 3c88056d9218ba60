// RS256 keys and tokens shaped like the api's, for local clusters where we hold the private key:
// access tokens (typ 'access') for the handshake and call tickets (typ 'call') for join.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { importPKCS8, SignJWT } from 'jose';

export interface KeyFiles {
  privateKeyFile: string;
  publicKeyFile: string;
  privateKeyPem: string;
}

export function writeJwtKeys(dir: string): KeyFiles {
  mkdirSync(dir, { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const privateKeyFile = path.join(dir, 'jwt-private.pem');
  const publicKeyFile = path.join(dir, 'jwt-public.pem');
  writeFileSync(privateKeyFile, privateKeyPem, { mode: 0o600 });
  writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  return { privateKeyFile, publicKeyFile, privateKeyPem };
}

export interface TokenMinter {
  access(user: { id: string; name: string }, ttlSeconds?: number): Promise<string>;
  callTicket(user: { id: string; name: string }, roomId: string, role?: string, ttlSeconds?: number): Promise<string>;
}

export async function tokenMinter(privateKeyPem: string): Promise<TokenMinter> {
  const key = await importPKCS8(privateKeyPem, 'RS256');
  const sign = (claims: Record<string, unknown>, ttl: number) =>
    new SignJWT({ ...claims, jti: randomUUID() })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime(`${ttl}s`)
      .sign(key);
  return {
    access: (user, ttl = 3600) => sign({ sub: user.id, name: user.name, role: 'user', typ: 'access' }, ttl),
    callTicket: (user, roomId, role = 'member', ttl = 3600) =>
      sign({ sub: user.id, name: user.name, roomId, role, typ: 'call' }, ttl),
  };
}
