// "Continue with Google": the api runs the OIDC code flow and sends the browser back to /auth/callback
// with a one-time code. The api keeps no "next" page, so the tab remembers it.
import { humanMessage, OFFLINE_MESSAGE } from '../../api/errors.js';

const NEXT_KEY = 'coope.oidc.next';

/** Served by the api through the web server's proxy (vite.config.ts). */
export const OIDC_START_URL = '/auth/google/start';

/**
 * Checks that the api can start Google sign-in (it answers a redirect), then leaves for it.
 * Resolves a human error message when it cannot, so the page never lands on a raw error.
 */
export async function startGoogleSignIn(next: string): Promise<string | null> {
  try {
    const res = await fetch(OIDC_START_URL, { redirect: 'manual' });
    if (res.type !== 'opaqueredirect' && !res.redirected) {
      const body = (await res.json().catch(() => ({}))) as { message?: string };
      return res.status === 503 ? (body.message ?? 'Sign-in with Google is not available right now.') : humanMessage(res.status, body.message);
    }
  } catch {
    return OFFLINE_MESSAGE;
  }
  rememberNext(next);
  location.assign(OIDC_START_URL);
  return null;
}

export function rememberNext(next: string): void {
  try {
    sessionStorage.setItem(NEXT_KEY, next);
  } catch {
    // Storage blocked: land on the default page.
  }
}

export function takeNext(): string | null {
  try {
    const next = sessionStorage.getItem(NEXT_KEY);
    sessionStorage.removeItem(NEXT_KEY);
    return next;
  } catch {
    return null;
  }
}
