// Notices with comments, and support inquiries.
import { api } from './http.js';
import type { Inquiry, Notice, NoticeComment, Page } from './types.js';

export type { Inquiry, Notice, NoticeComment };
export type InquiryStatus = Inquiry['status'];

export const PAGE_SIZE = 10;

export const listNotices = (page: number, signal?: AbortSignal) =>
  api<Page<Notice>>('/notices', { query: { page, pageSize: PAGE_SIZE }, signal });
export const getNotice = (id: string, signal?: AbortSignal) => api<Notice>(`/notices/${id}`, { signal, auth: true });
export const createNotice = (body: { title: string; body: string }) => api<Notice>('/notices', { body });
export const updateNotice = (id: string, body: { title?: string; body?: string }) => api<Notice>(`/notices/${id}`, { method: 'PATCH', body });
export const deleteNotice = (id: string) => api<{ ok: true }>(`/notices/${id}`, { method: 'DELETE' });

export const listComments = (noticeId: string, page: number, signal?: AbortSignal) =>
  api<Page<NoticeComment>>(`/notices/${noticeId}/comments`, { query: { page, pageSize: 50 }, signal });
export const addComment = (noticeId: string, body: string) => api<NoticeComment>(`/notices/${noticeId}/comments`, { body: { body } });
export const deleteComment = (noticeId: string, commentId: string) =>
  api<{ ok: true }>(`/notices/${noticeId}/comments/${commentId}`, { method: 'DELETE' });

export const submitInquiry = (body: { subject: string; body: string }) => api<Inquiry>('/inquiries', { body });
export const listMyInquiries = (page: number, signal?: AbortSignal) =>
  api<Page<Inquiry>>('/inquiries', { query: { page, pageSize: PAGE_SIZE }, signal });
export const getInquiry = (id: string, signal?: AbortSignal) => api<Inquiry>(`/inquiries/${id}`, { signal });

export const listAllInquiries = (page: number, status: InquiryStatus | '', signal?: AbortSignal) =>
  api<Page<Inquiry>>('/admin/inquiries', { query: { page, pageSize: PAGE_SIZE, status: status || undefined }, signal });
export const answerInquiry = (id: string, answer: string) => api<Inquiry>(`/admin/inquiries/${id}/answer`, { body: { answer } });
export const closeInquiry = (id: string) => api<Inquiry>(`/admin/inquiries/${id}/close`, { method: 'POST' });
