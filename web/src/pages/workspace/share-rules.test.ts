import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors.js';
import type { DocumentShare } from '../../api/types.js';
import { canManageShares, orderShares, shareFormError, UNKNOWN_EMAIL, upsertShare, withoutShare } from './share-rules.js';

function share(userId: string, name: string, over: Partial<DocumentShare> = {}): DocumentShare {
  return {
    userId,
    name,
    email: `${name.toLowerCase()}@example.com`,
    avatarUrl: null,
    role: 'viewer',
    inherited: false,
    fromDocumentId: 'doc',
    sharedBy: 'owner',
    createdAt: '2026-11-26T10:00:00.000Z',
    ...over,
  };
}

describe('canManageShares', () => {
  const doc = { role: 'editor' as const, guest: false, archivedAt: null };
  it('lets workspace editors and owners manage, not viewers', () => {
    expect(canManageShares(doc, 'editor')).toBe(true);
    expect(canManageShares(doc, 'owner')).toBe(true);
    expect(canManageShares({ ...doc, role: 'viewer' }, 'viewer')).toBe(false);
  });
  it('uses the workspace role over the page role: an editor share does not make a workspace viewer a manager', () => {
    expect(canManageShares(doc, 'viewer')).toBe(false);
  });
  it('falls back to the page role when the workspace role is unknown', () => {
    expect(canManageShares(doc)).toBe(true);
    expect(canManageShares({ ...doc, role: 'viewer' }, null)).toBe(false);
  });
  it('never lets guests manage, nor anyone on a page in the trash', () => {
    expect(canManageShares({ ...doc, guest: true })).toBe(false);
    expect(canManageShares({ ...doc, archivedAt: '2026-11-26T10:00:00.000Z' }, 'owner')).toBe(false);
  });
});

describe('share list', () => {
  it('orders own shares before inherited ones, each by name', () => {
    const list = [share('c', 'Cy', { inherited: true }), share('b', 'Bo'), share('a', 'Al', { inherited: true }), share('d', 'Ann')];
    expect(orderShares(list).map((s) => s.name)).toEqual(['Ann', 'Bo', 'Al', 'Cy']);
  });
  it('replaces a person\'s own share on a role change and keeps their inherited one', () => {
    const list = [share('a', 'Al'), share('a', 'Al', { inherited: true, fromDocumentId: 'parent' })];
    const next = upsertShare(list, share('a', 'Al', { role: 'editor' }));
    expect(next).toHaveLength(2);
    expect(next[0]).toMatchObject({ inherited: false, role: 'editor' });
    expect(next[1]).toMatchObject({ inherited: true, role: 'viewer' });
  });
  it('adds a new share in order', () => {
    expect(upsertShare([share('b', 'Bo')], share('a', 'Al')).map((s) => s.userId)).toEqual(['a', 'b']);
  });
  it('removes only the own share', () => {
    const list = [share('a', 'Al'), share('a', 'Al', { inherited: true }), share('b', 'Bo')];
    expect(withoutShare(list, 'a').map((s) => [s.userId, s.inherited])).toEqual([
      ['a', true],
      ['b', false],
    ]);
  });
});

describe('shareFormError', () => {
  it('puts an unknown email under the email field', () => {
    expect(shareFormError(new ApiError(404, 'user_not_found', 'No Coope account uses this email'))).toEqual({ email: UNKNOWN_EMAIL });
  });
  it('puts a refused share and a bad address under the email field', () => {
    expect(shareFormError(new ApiError(400, 'invalid_share', 'You cannot share a page with yourself'))).toEqual({
      email: 'You cannot share a page with yourself',
    });
    const invalid = new ApiError(400, 'validation', 'email: Enter a valid email address', [{ path: 'body.email', message: 'Enter a valid email address' }]);
    expect(shareFormError(invalid)).toEqual({ email: 'Enter a valid email address' });
  });
  it('shows anything else for the whole form', () => {
    expect(shareFormError(new ApiError(403, 'forbidden', 'You do not have permission to do this.'))).toEqual({
      form: 'You do not have permission to do this.',
    });
    expect(shareFormError(new Error('boom'))).toEqual({ form: 'boom' });
  });
});
