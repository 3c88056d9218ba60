// Forgotten passwords: ask for a reset link by email, then set a new password with the link's token.
import type { ForgotPasswordBody, ResetPasswordBody } from '@coope/api/contract';
import { api } from './http.js';

/** The api answers the same whether or not the account exists; `message` says so neutrally. */
export function requestPasswordReset(body: ForgotPasswordBody): Promise<{ ok: true; message: string }> {
  return api('/auth/password/forgot', { body, auth: false });
}

/** Sets the new password; the api signs the account out on every device. */
export function resetPassword(body: ResetPasswordBody): Promise<{ ok: true }> {
  return api('/auth/password/reset', { body, auth: false });
}
