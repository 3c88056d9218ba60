// One error family, mapped once at the socket.io edge into `{ ok: false, code, message }`.
import type { AckError, ErrorCode } from './protocol/index.js';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
  ) {
    super(message ?? code);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string) => new AppError('BAD_REQUEST', message);
export const notInCall = () => new AppError('NOT_IN_CALL', 'join a call first');
export const serviceUnavailable = (what: string) =>
  new AppError('SERVICE_UNAVAILABLE', `${what} is unavailable; try again shortly`);

/** ioredis' errors while Redis is down (offline queue off, retries exhausted, connection closed). */
export function isRedisUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return err.name === 'MaxRetriesPerRequestError' || /Stream isn't writeable|Connection is closed|ECONNREFUSED|ETIMEDOUT/.test(err.message);
}

/** Maps any thrown value to an ack error; internal details never reach the client. */
export function toAckError(err: unknown): AckError {
  if (err instanceof AppError) return { ok: false, code: err.code, message: err.message };
  if (isRedisUnavailable(err)) return { ok: false, code: 'SERVICE_UNAVAILABLE', message: 'call service is temporarily unavailable; try again shortly' };
  return { ok: false, code: 'INTERNAL', message: 'internal error' };
}
