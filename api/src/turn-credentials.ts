// Short-lived TURN credentials in coturn's REST scheme (use-auth-secret): the username is
// "<expiry unix seconds>:<user id>" and the password the base64 HMAC-SHA1 of it under the shared
// secret, so the TURN server checks them without asking us and they stop working at the expiry.
import { createHmac } from 'node:crypto';

export interface TurnSettings {
  urls: string[];
  secret: string;
  ttlSeconds: number;
}

export interface IceServer {
  urls: string[];
  username: string;
  credential: string;
}

export function turnCredentials(turn: TurnSettings | undefined, userId: string, nowMs = Date.now()): IceServer[] {
  if (!turn || turn.urls.length === 0) return [];
  const username = `${Math.floor(nowMs / 1000) + turn.ttlSeconds}:${userId}`;
  const credential = createHmac('sha1', turn.secret).update(username).digest('base64');
  return [{ urls: turn.urls, username, credential }];
}
