// The typed fetch client: JSON in and out, bearer auth, one silent refresh on 401, human errors.
import { ApiError, errorFromBody, OFFLINE_MESSAGE } from './errors.js';

/** The api is proxied under /api by the web server (vite.config.ts strips the prefix). */
export const API_BASE = '/api';

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Query;
  /** Send the access token (default true). */
  auth?: boolean;
  signal?: AbortSignal;
}

interface AuthHooks {
  getToken(): string | null;
  /** Gets a new access token; resolves false when the session is gone. */
  refresh(): Promise<boolean>;
}

let hooks: AuthHooks = { getToken: () => null, refresh: async () => false };

export function setAuthHooks(h: AuthHooks): void {
  hooks = h;
}

export function authToken(): string | null {
  return hooks.getToken();
}

export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null) params.set(k, String(v));
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

async function send(path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = opts.auth === false ? null : hooks.getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  try {
    return await fetch(apiUrl(path, opts.query), {
      method: opts.method ?? (body ? 'POST' : 'GET'),
      headers,
      body,
      signal: opts.signal,
      credentials: 'same-origin',
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', OFFLINE_MESSAGE);
  }
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined;
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Sends a request; on 401 refreshes the access token once and retries. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  let res = await send(path, opts);
  if (res.status === 401 && opts.auth !== false && hooks.getToken() !== null) {
    if (await hooks.refresh()) res = await send(path, opts);
  }
  const body = await readBody(res);
  if (!res.ok) throw errorFromBody(res.status, body);
  return body as T;
}

/** A fetch for streams (SSE): same auth and refresh, returns the raw response. */
export async function apiStream(path: string, opts: RequestOptions = {}): Promise<Response> {
  let res = await send(path, opts);
  if (res.status === 401 && (await hooks.refresh())) res = await send(path, opts);
  if (!res.ok) throw errorFromBody(res.status, await readBody(res));
  return res;
}
