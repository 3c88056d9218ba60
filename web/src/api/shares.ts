// Per-document sharing: who a page is shared with, sharing and unsharing, and the pages shared with me.
import { api } from './http.js';
import type { DocumentShare, ShareRole, SharedDocument } from './types.js';

export const listShares = (docId: string, signal?: AbortSignal) => api<DocumentShare[]>(`/documents/${docId}/shares`, { signal });
/** Creates the share, or changes its role when the person already has one on this page. */
export const putShare = (docId: string, body: { email: string; role: ShareRole }) =>
  api<DocumentShare>(`/documents/${docId}/shares`, { method: 'PUT', body });
/** Unshares; with my own id this is "leave page". */
export const removeShare = (docId: string, userId: string) =>
  api<{ ok: true }>(`/documents/${docId}/shares/${userId}`, { method: 'DELETE' });
export const listSharedWithMe = (signal?: AbortSignal) => api<SharedDocument[]>('/me/shared-documents', { signal });
