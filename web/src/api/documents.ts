// Document rows: tree, trash, search, recent. The content itself syncs over /collab (Yjs).
import { api } from './http.js';
import type { DocumentDetail, DocumentSummary, SearchHit } from './types.js';
import { uploadFile } from './upload.js';

export interface DocumentPatch {
  title?: string;
  icon?: string | null;
  coverUrl?: string | null;
  parentId?: string | null;
}

export const listDocuments = (workspaceId: string, signal?: AbortSignal) =>
  api<DocumentSummary[]>(`/workspaces/${workspaceId}/documents`, { signal });
export const listTrash = (workspaceId: string, signal?: AbortSignal) =>
  api<DocumentSummary[]>(`/workspaces/${workspaceId}/trash`, { signal });
export const listRecent = (workspaceId: string, signal?: AbortSignal) =>
  api<DocumentSummary[]>(`/workspaces/${workspaceId}/recent`, { query: { limit: 8 }, signal });
export const searchDocuments = (workspaceId: string, q: string, signal?: AbortSignal) =>
  api<SearchHit[]>(`/workspaces/${workspaceId}/search`, { query: { q, limit: 20 }, signal });

export const createDocument = (workspaceId: string, body: { title?: string; parentId?: string | null; icon?: string | null }) =>
  api<DocumentSummary>(`/workspaces/${workspaceId}/documents`, { body });
export const getDocument = (id: string, signal?: AbortSignal) => api<DocumentDetail>(`/documents/${id}`, { signal });
export const updateDocument = (id: string, body: DocumentPatch) => api<DocumentSummary>(`/documents/${id}`, { method: 'PATCH', body });
export const archiveDocument = (id: string) => api<{ ok: true }>(`/documents/${id}/archive`, { method: 'POST' });
export const restoreDocument = (id: string) => api<DocumentSummary>(`/documents/${id}/restore`, { method: 'POST' });
export const deleteDocument = (id: string) => api<{ ok: true }>(`/documents/${id}`, { method: 'DELETE' });

/** Uploads a page's cover image with progress; answers with the updated page (its `coverUrl` set). */
export function uploadCover(docId: string, file: File, onProgress: (f: number) => void, signal?: AbortSignal) {
  return uploadFile<DocumentSummary>(`/documents/${docId}/cover`, file, signal ? { onProgress, signal } : { onProgress });
}
