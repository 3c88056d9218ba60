// The k6 collab scenario's hand-encoded frames against the real api's /collab endpoint (real MariaDB and
// Redis): sync, acked writes, and another editor receiving the update with its send-time marker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  decodeCollabFrame,
  encodeAppendUpdate,
  encodeSyncStep1,
  encodeSyncUpdate,
  MESSAGE_SYNC,
  newTextWriter,
  stringsOfUpdate,
  SYNC_STEP2,
  SYNC_UPDATE,
  type SyncFrame,
} from '../k6/lib/yjs-frames.ts';
import { ApiClient } from '../src/services/api-client.ts';
import { type ApiStack, startApiStack } from '../src/services/api-stack.ts';

const MESSAGE_ACK = 100;
let stack: ApiStack;
let token: string;
let documentId: string;

beforeAll(async () => {
  stack = await startApiStack('k6_collab_wire');
  const api = new ApiClient(stack.baseUrl);
  const owner = await api.signup('k6-collab@example.com', 'k6-collab-password', 'Collab');
  const workspaceId = await api.createWorkspace(owner, 'k6 collab');
  documentId = await api.createDocument(owner, workspaceId, 'wire');
  token = owner.accessToken;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

function editor() {
  const url = `${stack.baseUrl.replace('http', 'ws')}/collab/${documentId}?ack=1&token=${encodeURIComponent(token)}`;
  const ws = new WebSocket(url);
  const frames: SyncFrame[] = [];
  ws.on('message', (data: Buffer) => frames.push(decodeCollabFrame(new Uint8Array(data))));
  return { ws, frames, opened: new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject)) };
}

const isSyncStep2 = (f: SyncFrame) => f.message === MESSAGE_SYNC && f.syncType === SYNC_STEP2;

describe('k6 collab frames against the real api', () => {
  it('syncs, gets its writes acked and delivers them to another editor', async () => {
    const a = editor();
    const b = editor();
    await Promise.all([a.opened, b.opened]);
    a.ws.send(encodeSyncStep1());
    b.ws.send(encodeSyncStep1());
    await expect.poll(() => a.frames.some(isSyncStep2) && b.frames.some(isSyncStep2)).toBe(true);

    const writer = newTextWriter('k6-load', 4242);
    const marker = `${writer.clientId}@${Date.now()};`;
    a.ws.send(encodeSyncUpdate(encodeAppendUpdate(writer, marker)));
    a.ws.send(encodeSyncUpdate(encodeAppendUpdate(writer, 'second;')));
    await expect.poll(() => a.frames.filter((f) => f.message === MESSAGE_ACK).length).toBeGreaterThanOrEqual(2);
    const received = () =>
      b.frames.filter((f) => f.message === MESSAGE_SYNC && f.syncType === SYNC_UPDATE).flatMap((f) => stringsOfUpdate(f.payload) ?? []);
    await expect.poll(received).toEqual([marker, 'second;']);

    // A late joiner gets the whole text in its sync step 2.
    const c = editor();
    await c.opened;
    c.ws.send(encodeSyncStep1());
    await expect.poll(() => c.frames.some(isSyncStep2)).toBe(true);
    const step2 = c.frames.find(isSyncStep2)!;
    expect((stringsOfUpdate(step2.payload) ?? []).join('')).toBe(`${marker}second;`);
    for (const e of [a, b, c]) e.ws.close();
  });
});
