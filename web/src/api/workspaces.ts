// Workspaces, members and invites.
import { api } from './http.js';
import type { Invite, Member, MemberRole, Workspace } from './types.js';

export const listWorkspaces = (signal?: AbortSignal) => api<Workspace[]>('/workspaces', { signal });
export const getWorkspace = (id: string, signal?: AbortSignal) => api<Workspace>(`/workspaces/${id}`, { signal });
export const createWorkspace = (name: string, icon?: string | null) => api<Workspace>('/workspaces', { body: { name, icon } });
export const updateWorkspace = (id: string, body: { name?: string; icon?: string | null }) =>
  api<Workspace>(`/workspaces/${id}`, { method: 'PATCH', body });
export const deleteWorkspace = (id: string) => api<{ ok: true }>(`/workspaces/${id}`, { method: 'DELETE' });

export const listMembers = (id: string, signal?: AbortSignal) => api<Member[]>(`/workspaces/${id}/members`, { signal });
export const setMemberRole = (id: string, userId: string, role: MemberRole) =>
  api<Member>(`/workspaces/${id}/members/${userId}`, { method: 'PATCH', body: { role } });
export const removeMember = (id: string, userId: string) =>
  api<{ ok: true }>(`/workspaces/${id}/members/${userId}`, { method: 'DELETE' });

export const listWorkspaceInvites = (id: string, signal?: AbortSignal) => api<Invite[]>(`/workspaces/${id}/invites`, { signal });
export const createInvite = (id: string, body: { role: MemberRole; userId?: string; email?: string }) =>
  api<Invite>(`/workspaces/${id}/invites`, { body });
export const revokeInvite = (id: string, inviteId: string) =>
  api<{ ok: true }>(`/workspaces/${id}/invites/${inviteId}`, { method: 'DELETE' });

/** Invites addressed to me. */
export const listMyInvites = (signal?: AbortSignal) => api<Invite[]>('/invites', { signal });
export const acceptInvite = (inviteId: string) => api<Workspace>(`/invites/${inviteId}/accept`, { method: 'POST' });
export const declineInvite = (inviteId: string) => api<{ ok: true }>(`/invites/${inviteId}/decline`, { method: 'POST' });
export const acceptInviteLink = (token: string) => api<Workspace>('/invites/accept-link', { body: { token } });
