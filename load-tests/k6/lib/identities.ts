// Who the signaling scenarios connect as. Two sources:
// - TOKENS_FILE: JSON written by `src/bots/cli.ts mint` (local clusters, where we hold the api's private key):
//   { "identities": [{ "userId", "name", "accessToken", "ticket", "roomId" }] }
// - otherwise the api: setup() signs accounts up (or logs them in), puts them in one workspace per room,
//   and each VU fetches a fresh call ticket right before it joins (tickets live two minutes).
import { addMember, createWorkspace, loginOrSignup, type Session, workspaceTicket } from './api.ts';
import { envNumber, envString } from './env.ts';

export interface Identity extends Session {
  /** Pre-minted ticket (token-file mode). */
  ticket?: string;
  roomId?: string;
  /** Workspace whose meeting this identity joins (api mode). */
  workspaceId?: string;
}

const TOKENS_FILE = envString('TOKENS_FILE', '');
/** Read in the init context (k6 only allows open() there). */
const fileIdentities: Identity[] | null = TOKENS_FILE ? (JSON.parse(open(TOKENS_FILE)) as { identities: Identity[] }).identities : null;

/** setup(): the pool of identities, `users` of them spread over `rooms` rooms (user i in room i % rooms). */
export function identityPool(users: number, rooms: number): Identity[] {
  if (fileIdentities) {
    if (fileIdentities.length < users) throw new Error(`TOKENS_FILE holds ${fileIdentities.length} identities, ${users} needed`);
    return fileIdentities.slice(0, users);
  }
  const offset = envNumber('USER_OFFSET', 0);
  const sessions: Session[] = [];
  for (let i = 0; i < users; i++) sessions.push(loginOrSignup(offset + i));
  const workspaces: string[] = [];
  for (let r = 0; r < Math.min(rooms, users); r++) workspaces.push(createWorkspace(sessions[r]!, `k6 room ${r}`));
  return sessions.map((s, i) => {
    const room = i % workspaces.length;
    if (i >= workspaces.length) addMember(sessions[room]!, workspaces[room]!, s);
    return { ...s, workspaceId: workspaces[room] };
  });
}

/** The ticket to join with: the pre-minted one, or a fresh one from the api. */
export function ticketFor(id: Identity): string | null {
  if (id.ticket) return id.ticket;
  if (!id.workspaceId) return null;
  return workspaceTicket(id, id.workspaceId)?.token ?? null;
}
