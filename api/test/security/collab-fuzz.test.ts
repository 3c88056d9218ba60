// Fuzzing collab WebSocket frames (fast-check). Frames are y-protocols binary, not zod: they are generated
// from the protocol's structure (message type, sync sub-type, length-prefixed payload), from valid frames
// with bytes flipped, cut or appended, and as raw bytes and text. Each frame goes on its own connection:
// it is either accepted (a probe still gets its answer) or the connection is closed with 4400/4413 — never
// another code — and afterwards the document is unchanged and the node serves as before.
import * as encoding from 'lib0/encoding';
import type { Redis } from 'ioredis';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseCode, type CollabServer } from '../../src/collab/index.js';
import { newDocumentId, RawClient } from '../collab/helpers/clients.js';
import { tokenFor } from '../collab/helpers/fake-auth.js';
import { startNode } from '../collab/helpers/nodes.js';
import { createTestDatabase, type TestDatabase, testRedis, uniquePrefix } from '../collab/helpers/services.js';

const RUNS = Number(process.env.COOPE_FUZZ_RUNS ?? 1200);
let redis: Redis;
let database: TestDatabase;
let node: CollabServer;
let writer: RawClient;
const documentId = newDocumentId();

beforeAll(async () => {
  redis = testRedis();
  database = await createTestDatabase();
  node = await startNode({ redis, database, keyPrefix: uniquePrefix() }, 'fuzz', { limits: { maxMessageBytes: 64 * 1024 } });
  writer = await RawClient.open(node.url, documentId, 'editor-w');
  writer.doc.getText('title').insert(0, 'intact');
  await vi.waitFor(() => expect(writer.acked).toBe(writer.writesSent));
}, 60_000);
afterAll(async () => {
  writer?.close();
  await node?.close();
  await database?.drop();
  redis?.disconnect();
});

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

const stateVector = Y.encodeStateVector(new Y.Doc());
/** Sync step 1: harmless, and always answered with step 2, so it doubles as the probe. */
const PROBE = frame((e) => {
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint8Array(e, stateVector);
});
const VALID = [PROBE, frame((e) => encoding.writeVarUint(e, 3))];

const bytes = (max: number) => fc.uint8Array({ maxLength: max });
const structured = fc
  .tuple(fc.nat({ max: 130 }), fc.nat({ max: 6 }), bytes(64), fc.boolean())
  .map(([type, sub, payload, withSub]) =>
    frame((e) => {
      encoding.writeVarUint(e, type);
      if (withSub) encoding.writeVarUint(e, sub);
      encoding.writeVarUint8Array(e, payload);
    }),
  );
const mutated = fc.tuple(fc.constantFrom(...VALID), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'cut', 'append')).map(([base, at, byte, how]) => {
  const copy = Uint8Array.from(base);
  const i = at % copy.length;
  if (how === 'flip') copy[i] = byte;
  return how === 'cut' ? copy.slice(0, i) : how === 'append' ? Uint8Array.from([...copy, byte]) : copy;
});
const hostileFrame = fc.oneof(
  structured,
  mutated,
  bytes(300),
  fc.constantFrom(new Uint8Array(0), new Uint8Array(12).fill(0xff), new Uint8Array(70 * 1024), Uint8Array.from([0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f])),
  fc.string({ unit: 'binary', maxLength: 100 }),
);

/** Sends `data` then the probe on a fresh connection: 'accepted' when the probe is answered, else the close code. */
function outcome(data: Uint8Array | string): Promise<number | 'accepted'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${node.url}/${documentId}?token=${tokenFor('editor-f')}`);
    let probed = false;
    ws.once('open', () => {
      ws.send(data, { binary: typeof data !== 'string' });
      ws.send(PROBE);
      probed = true;
    });
    ws.on('message', (msg: Buffer) => {
      // Sync step 2 (0, 1, …) arriving after the probe went out: the server read both frames and kept going.
      if (probed && msg[0] === 0 && msg[1] === 1) {
        resolve('accepted');
        ws.close();
      }
    });
    ws.once('close', (code) => resolve(code));
    ws.once('error', () => resolve(-1));
  });
}

describe('fuzzing collab frames', () => {
  it('accepts a frame or closes its connection with 4400/4413, never anything else', async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(hostileFrame, async (data) => {
        const got = await outcome(data);
        seen.set(String(got), (seen.get(String(got)) ?? 0) + 1);
        expect([CloseCode.malformed, CloseCode.messageTooLarge, 'accepted'], Buffer.from(data).toString('hex').slice(0, 200)).toContain(got);
      }),
      { numRuns: RUNS },
    );
    expect(seen.get(String(CloseCode.malformed))).toBeGreaterThan(RUNS / 4);
    expect(seen.get('accepted')).toBeGreaterThan(0);
  });

  it('leaves the document unchanged and the node serving', async () => {
    expect(writer.isOpen).toBe(true);
    expect(writer.doc.getText('title').toString()).toBe('intact');
    const fresh = await RawClient.open(node.url, documentId, 'editor-after');
    expect(fresh.doc.getText('title').toString()).toBe('intact');
    fresh.doc.getText('title').insert(6, '!');
    await expect.poll(() => writer.doc.getText('title').toString()).toBe('intact!');
    fresh.close();
  });
});
