// Call tickets: the short-lived JWT signaling checks before a socket may join a call.
import { api } from './http.js';
import type { CallTicket } from './types.js';

export type CallTarget = { kind: 'dm'; userId: string } | { kind: 'workspace'; workspaceId: string };

export const getCallTicket = (target: CallTarget) => api<CallTicket>('/calls/tickets', { body: target });
