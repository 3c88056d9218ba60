// Friends, friend requests, presence, and 1:1 chat.
import { api } from './http.js';
import type { ChatMessage, Conversation, Friend, FriendRequest, Page } from './types.js';

export type { ChatMessage, Conversation, Friend, FriendRequest };

export const listFriends = (signal?: AbortSignal) => api<Page<Friend>>('/friends', { query: { pageSize: 100 }, signal });
export const listFriendRequests = (direction: 'incoming' | 'outgoing', signal?: AbortSignal) =>
  api<Page<FriendRequest>>('/friends/requests', { query: { direction, pageSize: 100 }, signal });
export const sendFriendRequest = (email: string) => api<FriendRequest>('/friends/requests', { body: { email } });
export const acceptFriendRequest = (id: string) => api<FriendRequest>(`/friends/requests/${id}/accept`, { method: 'POST' });
export const declineFriendRequest = (id: string) => api<FriendRequest>(`/friends/requests/${id}/decline`, { method: 'POST' });
export const cancelFriendRequest = (id: string) => api<FriendRequest>(`/friends/requests/${id}`, { method: 'DELETE' });
export const unfriend = (userId: string) => api<{ ok: true }>(`/friends/${userId}`, { method: 'DELETE' });

export const listConversations = (signal?: AbortSignal) => api<Conversation[]>('/chat/conversations', { signal });
export const chatHistory = (userId: string, before?: number, signal?: AbortSignal) =>
  api<{ items: ChatMessage[]; nextBefore: number | null }>(`/chat/${userId}/messages`, { query: { before, limit: 30 }, signal });
export const sendChatMessage = (userId: string, clientMessageId: string, body: string) =>
  api<ChatMessage>(`/chat/${userId}/messages`, { body: { clientMessageId, body } });
export const markChatRead = (userId: string, seq: number) => api<{ seq: number }>(`/chat/${userId}/read`, { body: { seq } });
