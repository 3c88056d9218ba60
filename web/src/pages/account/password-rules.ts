// Pure rules of the reset-password form, kept apart from the screen so they are unit-tested.
import { ApiError } from '../../api/errors.js';

export const MIN_PASSWORD = 8;

/** What is wrong with the new password and its confirmation, or null. */
export function newPasswordProblem(password: string, confirm: string): string | null {
  if (password.length < MIN_PASSWORD) return `Password must be at least ${MIN_PASSWORD} characters.`;
  if (password.length > 200) return 'Password must be at most 200 characters.';
  if (password !== confirm) return 'The two passwords do not match.';
  return null;
}

export interface LinkProblem {
  title: string;
  message: string;
}

const LINK_PROBLEMS: Record<string, LinkProblem> = {
  reset_token_expired: {
    title: 'This link has expired',
    message: 'Reset links work for one hour. Ask for a new one and use it soon after it arrives.',
  },
  reset_token_used: {
    title: 'This link was already used',
    message: 'Each reset link works once. If you still need to change your password, ask for a new link.',
  },
  reset_token_invalid: {
    title: 'This link is not valid',
    message: 'Check that you opened the whole link from the email, or ask for a new one.',
  },
};

export const INCOMPLETE_LINK: LinkProblem = {
  title: 'This link is incomplete',
  message: 'Open the whole link from the email (some mail apps cut long links), or ask for a new one.',
};

/** A dead reset link (expired, used, unknown or cut short) as the page explains it; null for other errors. */
export function linkProblem(err: unknown): LinkProblem | null {
  if (!(err instanceof ApiError)) return null;
  const known = LINK_PROBLEMS[err.code];
  if (known) return known;
  if (err.status === 400 && err.fields.some((f) => f.path === 'body.token')) return LINK_PROBLEMS.reset_token_invalid!;
  return null;
}

/** The reset token from the page's query, or null when the link lost it. */
export function tokenFrom(query: Record<string, string>): string | null {
  const token = query.token?.trim();
  return token && /^[A-Za-z0-9_-]{20,200}$/.test(token) ? token : null;
}
