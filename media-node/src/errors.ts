// One error family for the node; the RPC edge maps it to {ok:false, code, message}.
import type { RpcErrorCode } from './rpc/envelope.js';

export class AppError extends Error {
  constructor(
    readonly code: RpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string, id: string) => new AppError('NOT_FOUND', `${what} ${id} not found`);

const PROGRAMMING_ERRORS = new Set(['ReferenceError', 'SyntaxError', 'RangeError', 'EvalError']);

/** Maps anything thrown by a handler to a reply code; mediasoup's own errors become MEDIA_ERROR. */
export function toReplyError(err: unknown): { code: RpcErrorCode; message: string } {
  if (err instanceof AppError) return { code: err.code, message: err.message };
  // Handlers only call mediasoup, whose errors (TypeError, InvalidStateError, channel
  // rejections) describe the request; programming errors stay opaque.
  if (err instanceof Error && !PROGRAMMING_ERRORS.has(err.name)) {
    return { code: 'MEDIA_ERROR', message: err.message.slice(0, 300) };
  }
  return { code: 'INTERNAL', message: 'internal error' };
}
