// Fakes of the collab service's own interfaces: token "user.<userId>" (a valid subprotocol token, like a JWT), role from the user id's first word
// ("owner-1", "editor-a", "viewer-x", "stranger-z"); documents whose id starts with "a" count as archived.
import type { DocumentAccess, DocumentRole, VerifiedUser } from '../../../src/collab/types.js';

export function tokenFor(userId: string): string {
  return `user.${userId}`;
}

export async function verifyAccessToken(token: string): Promise<VerifiedUser> {
  if (!token.startsWith('user.')) throw new Error('invalid token');
  const userId = token.slice('user.'.length);
  return { userId, name: userId };
}

const ROLES = new Set(['owner', 'editor', 'viewer']);

export const fakeAccess: DocumentAccess = {
  async documentRole(userId: string): Promise<DocumentRole | null> {
    const word = userId.split('-')[0] ?? '';
    return ROLES.has(word) ? (word as DocumentRole) : null;
  },
  async documentArchived(documentId: string): Promise<boolean> {
    return documentId.startsWith('a');
  },
};
