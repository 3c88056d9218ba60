// The api-side load's accounts, made through the real api: two editors sharing a workspace and its
// documents, and pairs of friends who chat.
import { randomUUID } from 'node:crypto';
import { ApiClient, type ApiSession } from '../services/api-client.js';

export interface ChaosAccounts {
  editors: ApiSession[];
  documentIds: string[];
  chatPairs: [ApiSession, ApiSession][];
}

export async function createAccounts(apiUrl: string, documents: number, chatPairs: number): Promise<ChaosAccounts> {
  const api = new ApiClient(apiUrl);
  const run = randomUUID().slice(0, 8);
  const signup = (who: string) => api.signup(`${who}-${run}@example.com`, `chaos-password-${run}`, who);
  const owner = await signup('editor-a');
  const member = await signup('editor-b');
  const workspaceId = await api.createWorkspace(owner, `chaos ${run}`);
  await api.addMember(owner, workspaceId, member);
  const documentIds: string[] = [];
  for (let i = 0; i < documents; i++) documentIds.push(await api.createDocument(owner, workspaceId, `chaos ${i}`));
  const pairs: [ApiSession, ApiSession][] = [];
  for (let i = 0; i < chatPairs; i++) {
    const pair: [ApiSession, ApiSession] = [await signup(`chat-${i}-a`), await signup(`chat-${i}-b`)];
    await api.befriend(...pair);
    pairs.push(pair);
  }
  return { editors: [owner, member], documentIds, chatPairs: pairs };
}
