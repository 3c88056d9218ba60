// Who bots (and k6 token files) join as: minted locally with the api's private key, or obtained through
// a real api (accounts, one workspace per room, call tickets).
import { randomUUID } from 'node:crypto';
import { ApiClient, type ApiSession } from '../services/api-client.js';
import type { TokenMinter } from '../services/jwt-keys.js';

export interface BotIdentity {
  userId: string;
  name: string;
  accessToken: string;
  roomId: string;
  /** Returns a call ticket for roomId (fresh from the api, or minted). */
  ticket(): Promise<string>;
}

/** Identities for a local cluster: user i is `load-user-<i>` in room `load-<i % rooms>`. */
export function mintedIdentities(minter: TokenMinter, users: number, rooms: number, ttlSeconds = 3600): Promise<BotIdentity[]> {
  const runId = randomUUID().slice(0, 8);
  return Promise.all(
    Array.from({ length: users }, async (_, i) => {
      const user = { id: `load-user-${runId}-${i}`, name: `Bot ${i}` };
      const roomId = `load-${runId}-${i % rooms}`;
      return {
        userId: user.id,
        name: user.name,
        accessToken: await minter.access(user, ttlSeconds),
        roomId,
        ticket: () => minter.callTicket(user, roomId, 'member', ttlSeconds),
      };
    }),
  );
}

/** Identities from a real api: fresh accounts, one workspace (meeting room) per room, members invited. */
export async function apiIdentities(apiUrl: string, users: number, rooms: number): Promise<BotIdentity[]> {
  const api = new ApiClient(apiUrl);
  const runId = randomUUID().slice(0, 8);
  const sessions: ApiSession[] = [];
  for (let i = 0; i < users; i++) sessions.push(await api.signup(`bot-${runId}-${i}@example.com`, `bot-password-${runId}`, `Bot ${i}`));
  const owners = sessions.slice(0, Math.min(rooms, users));
  const workspaces = await Promise.all(owners.map((o, r) => api.createWorkspace(o, `bots ${runId} room ${r}`)));
  const out: BotIdentity[] = [];
  for (const [i, s] of sessions.entries()) {
    const room = i % workspaces.length;
    if (i >= workspaces.length) await api.addMember(owners[room]!, workspaces[room]!, s);
    const workspaceId = workspaces[room]!;
    out.push({
      userId: s.userId,
      name: s.name,
      accessToken: s.accessToken,
      roomId: `ws:${workspaceId}`,
      ticket: async () => (await api.workspaceTicket(s, workspaceId)).token,
    });
  }
  return out;
}

/** The JSON the k6 signaling scenarios read as TOKENS_FILE. */
export async function tokenFile(identities: BotIdentity[]): Promise<{ identities: object[] }> {
  return {
    identities: await Promise.all(
      identities.map(async (id) => ({ userId: id.userId, name: id.name, accessToken: id.accessToken, ticket: await id.ticket(), roomId: id.roomId })),
    ),
  };
}
