// Every failed request becomes an ApiError whose message a person can read.

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const byStatus: Record<number, string> = {
  400: 'That request was not valid. Check the form and try again.',
  401: 'Your session has ended. Please log in again.',
  403: 'You do not have permission to do this.',
  404: 'We could not find what you were looking for.',
  409: 'That conflicts with something that already exists.',
  413: 'That file is too large.',
  415: 'That file type is not supported.',
  429: 'Too many requests. Please wait a moment and try again.',
};

export const OFFLINE_MESSAGE = 'Cannot reach Coope. Check your connection and try again.';
const SERVER_MESSAGE = 'Something went wrong on our side. Please try again in a moment.';
const UNAVAILABLE_MESSAGE = 'Coope is temporarily unavailable. Please try again in a moment.';

/**
 * The message shown for a status, preferring the server's own when it is meant for people. For 5xx only
 * a deliberate error (a named code such as `ai_disabled`, not the generic `internal`) keeps its text.
 */
export function humanMessage(status: number, serverMessage?: string, code?: string): string {
  if (status === 0) return OFFLINE_MESSAGE;
  if (status >= 500 && serverMessage && code && code !== 'internal' && !code.startsWith('http_')) return serverMessage;
  if (status === 502 || status === 503 || status === 504) return UNAVAILABLE_MESSAGE;
  if (status >= 500) return SERVER_MESSAGE;
  if (serverMessage && serverMessage !== 'Invalid request' && !/^[A-Z_]+$/.test(serverMessage)) return serverMessage;
  return byStatus[status] ?? 'The request failed. Please try again.';
}

/** Human text for anything thrown by our code or the browser. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof DOMException && err.name === 'AbortError') return 'The request was cancelled.';
  if (err instanceof TypeError) return OFFLINE_MESSAGE;
  if (err instanceof Error && err.message) return err.message;
  return 'Something went wrong. Please try again.';
}

function fieldLabel(path: string): string {
  const last = path.split('.').pop() ?? path;
  return last.replace(/([A-Z])/g, ' $1').toLowerCase();
}

/** Builds the error from a failed response body (`{ code, message, fields? }`). */
export function errorFromBody(status: number, body: unknown): ApiError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const code = typeof b.code === 'string' ? b.code : `http_${status}`;
  const fields = Array.isArray(b.fields)
    ? (b.fields as FieldError[]).filter((f) => typeof f?.path === 'string' && typeof f?.message === 'string')
    : [];
  let message = humanMessage(status, typeof b.message === 'string' ? b.message : undefined, typeof b.code === 'string' ? b.code : undefined);
  if (status === 400 && fields.length > 0) {
    message = fields.map((f) => `${fieldLabel(f.path)}: ${f.message}`).join('; ');
  }
  return new ApiError(status, code, message, fields);
}
