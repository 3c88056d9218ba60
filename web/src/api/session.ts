// Who is signed in: the user, the in-memory access token and the stored rotating refresh token.
import { computed, signal } from '@preact/signals';
import { api, setAuthHooks } from './http.js';
import type { LoginBody, Session, SignupBody, User } from './types.js';

const REFRESH_KEY = 'coope.refresh';

export const currentUser = signal<User | null>(null);
/** False until the stored session has been restored (or found missing). */
export const sessionReady = signal(false);
export const isAdmin = computed(() => currentUser.value?.role === 'admin');

let accessToken: string | null = null;
let inflight: Promise<boolean> | null = null;

function storedRefresh(): string | null {
  try {
    return localStorage.getItem(REFRESH_KEY);
  } catch {
    return null;
  }
}

function store(session: Session | null): void {
  accessToken = session?.accessToken ?? null;
  currentUser.value = session?.user ?? null;
  try {
    if (session) localStorage.setItem(REFRESH_KEY, session.refreshToken);
    else localStorage.removeItem(REFRESH_KEY);
  } catch {
    // Storage blocked: the session lasts for this tab.
  }
}

async function rotate(): Promise<boolean> {
  // Read inside the lock: another tab may have rotated the token a moment ago.
  const refreshToken = storedRefresh();
  if (!refreshToken) {
    store(null);
    return false;
  }
  try {
    store(await api<Session>('/auth/refresh', { body: { refreshToken }, auth: false }));
    return true;
  } catch (err) {
    const status = (err as { status?: number }).status ?? 0;
    // A network error keeps the session for a later try; a refused token ends it.
    if (status === 400 || status === 401 || status === 403) store(null);
    return false;
  }
}

/** Gets a fresh access token once, however many requests asked at the same moment. */
export function refreshSession(): Promise<boolean> {
  if (!inflight) {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    const run: Promise<boolean> = locks ? locks.request('coope-refresh', rotate).then((v) => v) : rotate();
    inflight = run.finally(() => {
      inflight = null;
    });
  }
  return inflight;
}

setAuthHooks({ getToken: () => accessToken, refresh: refreshSession });

export function getAccessToken(): string | null {
  return accessToken;
}

/** Restores the session saved by an earlier visit; a passing network or server error is retried. */
export async function restoreSession(): Promise<void> {
  for (let attempt = 0; attempt < 4 && storedRefresh(); attempt++) {
    if (await refreshSession()) break;
    await new Promise((r) => setTimeout(r, 300 * 2 ** attempt));
  }
  sessionReady.value = true;
}

export async function signup(body: SignupBody): Promise<User> {
  const s = await api<Session>('/auth/signup', { body, auth: false });
  store(s);
  return s.user;
}

export async function login(body: LoginBody): Promise<User> {
  const s = await api<Session>('/auth/login', { body, auth: false });
  store(s);
  return s.user;
}

/** Finishes "Continue with Google": the api redirected back with a one-time code. */
export async function exchangeOidcCode(code: string): Promise<User> {
  const s = await api<Session>('/auth/oidc/exchange', { body: { code }, auth: false });
  store(s);
  return s.user;
}

export async function logout(): Promise<void> {
  const refreshToken = storedRefresh() ?? undefined;
  try {
    if (accessToken) await api('/auth/logout', { body: { refreshToken } });
  } finally {
    store(null);
  }
}

export function setUser(user: User): void {
  currentUser.value = user;
}
