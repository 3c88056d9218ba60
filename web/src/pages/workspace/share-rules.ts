// Sharing rules the screens apply: who may manage shares, how the list reads, what a failed share says.
import { ApiError, errorMessage } from '../../api/errors.js';
import type { DocumentDetail, DocumentShare, MemberRole } from '../../api/types.js';

export const UNKNOWN_EMAIL = 'No Coope account uses this email';

/**
 * Shares are managed by workspace editors and owners, never by guests. `workspaceRole` is my role in the
 * page's workspace when known; without it the page's effective role stands in (the api has the last word).
 */
export function canManageShares(doc: Pick<DocumentDetail, 'role' | 'guest' | 'archivedAt'>, workspaceRole?: MemberRole | null): boolean {
  if (doc.guest || doc.archivedAt) return false;
  return (workspaceRole ?? doc.role) !== 'viewer';
}

/** The page's own shares first (editable), then the ones inherited from parent pages; each by name. */
export function orderShares(list: readonly DocumentShare[]): DocumentShare[] {
  return [...list].sort((a, b) => Number(a.inherited) - Number(b.inherited) || a.name.localeCompare(b.name));
}

/** Puts a saved (own) share into the list: replaces that person's own share, or adds it. */
export function upsertShare(list: readonly DocumentShare[], row: DocumentShare): DocumentShare[] {
  const at = list.findIndex((s) => !s.inherited && s.userId === row.userId);
  return orderShares(at === -1 ? [...list, row] : list.map((s, i) => (i === at ? row : s)));
}

export function withoutShare(list: readonly DocumentShare[], userId: string): DocumentShare[] {
  return list.filter((s) => s.inherited || s.userId !== userId);
}

export interface ShareFormError {
  /** Shown under the email field. */
  email?: string;
  /** Shown above the buttons. */
  form?: string;
}

/** Maps a failed PUT /documents/:id/shares onto the form's fields. */
export function shareFormError(err: unknown): ShareFormError {
  if (!(err instanceof ApiError)) return { form: errorMessage(err) };
  if (err.code === 'user_not_found') return { email: UNKNOWN_EMAIL };
  // The api says why (for example: sharing with yourself).
  if (err.code === 'invalid_share') return { email: err.message };
  const field = err.fields.find((f) => f.path === 'email' || f.path.endsWith('.email'));
  if (field) return { email: field.message };
  return { form: err.message };
}
