// Fuzzing the client protocol from its zod schemas (fast-check), from inside a call: payloads for every
// event derived from the event's schema and then mutated. test/fuzz.test.ts sends fc.anything and hand-built
// near misses from a socket that is not in a call; this one reaches the in-call handlers. Every ack is
// well-formed and never INTERNAL, the socket stays connected and in its call, and the node stays healthy.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ClientEventName, clientEventNames, clientEvents, eventAckSchema } from '../src/protocol/index.js';
import { useOneNode } from './helpers/one-node.js';
import { type ClientSocket, connectClient, request } from './helpers/signaling-harness.js';
import { hostileValue, mutatedObject, validArbitrary } from '../../deploy/local/src/zod-arbitrary.js';

const RUNS = Number(process.env.COOPE_FUZZ_RUNS ?? 2000);
const sig = useOneNode('sec-events', { SIGNALING_RATE_PER_SEC: '100000', SIGNALING_RATE_BURST: '100000' });
let socket: ClientSocket;
let disconnectReason = '';
let lastSent: string[] = [];

beforeAll(async () => {
  socket = sig.own(await sig.connect(await sig.keys.accessToken('fuzz-caller')));
  socket.on('disconnect', (reason) => {
    disconnectReason = reason;
  });
  expect(await request(socket, 'join', { ticket: await sig.keys.callTicket('fuzz-caller', 'room-fuzz') })).toMatchObject({ ok: true });
});


function emitRaw(event: string, payload: unknown): Promise<unknown> {
  return (socket.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> }).emitWithAck(event, payload);
}

// `leave` is the one event whose valid form ends the call this run needs to stay in.
const events = clientEventNames.filter((e) => e !== 'leave');
const payloadFor = (e: ClientEventName) => {
  const schema = clientEvents[e].payload;
  return fc.oneof({ weight: 1, arbitrary: validArbitrary(schema) }, { weight: 4, arbitrary: mutatedObject(schema) }, { weight: 1, arbitrary: hostileValue });
};

describe('fuzzing the client protocol from its zod schemas, in a call', () => {
  it('answers every derived and mutated payload with a well-formed ack, never INTERNAL', async () => {
    const codes = new Map<string, number>();
    // Frames over the server's 256 KiB buffer close the socket instead (the last test covers that).
    const arb = fc
      .constantFrom(...events)
      .chain((e) => payloadFor(e).map((payload) => ({ e, payload })))
      .filter(({ payload }) => Buffer.byteLength(JSON.stringify(payload) ?? '') < 200_000);
    await fc.assert(
      fc.asyncProperty(arb, async ({ e, payload }) => {
        if (!socket.connected) throw new Error(`disconnected (${disconnectReason}) after ${lastSent.join('\n')}`);
        lastSent = [...lastSent.slice(-2), `${e} ${JSON.stringify(payload)?.slice(0, 200)} (${JSON.stringify(payload)?.length} chars)`];
        const ack = (await emitRaw(e, payload)) as { ok: boolean; code?: string };
        expect(eventAckSchema(e).safeParse(ack).success, `${e} ${JSON.stringify(payload)?.slice(0, 300)} -> ${JSON.stringify(ack)}`).toBe(true);
        expect(ack.code, `${e} ${JSON.stringify(payload)?.slice(0, 300)}`).not.toBe('INTERNAL');
        codes.set(ack.ok ? 'ok' : String(ack.code), (codes.get(ack.ok ? 'ok' : String(ack.code)) ?? 0) + 1);
      }),
      { numRuns: RUNS },
    );
    expect(codes.get('BAD_REQUEST')).toBeGreaterThan(RUNS / 4);
    // The fuzzer got past validation into the in-call handlers, not only into refusals.
    expect([...codes.keys()].filter((c) => c !== 'BAD_REQUEST').length).toBeGreaterThan(2);
  });

  it('keeps the socket connected and in its call, and the node healthy', async () => {
    expect(socket.connected).toBe(true);
    expect(await request(socket, 'getExistingProducers', {})).toMatchObject({ ok: true });
    expect((await fetch(`${sig.node.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${sig.node.url}/readyz`)).status).toBe(200);
  });

  it('closes a socket that sends a frame over the buffer limit, and only that socket', async () => {
    const big = await connectClient(sig.node.url, await sig.keys.accessToken('fuzz-big'));
    const closed = new Promise<string>((resolve) => big.once('disconnect', (reason) => resolve(reason)));
    (big as unknown as { emit(e: string, p: unknown): void }).emit('createTransport', { direction: 'é'.repeat(200_000) });
    expect(await closed).toBe('transport close');
    expect(socket.connected).toBe(true);
    expect(await request(socket, 'getExistingProducers', {})).toMatchObject({ ok: true });
    expect((await fetch(`${sig.node.url}/healthz`)).status).toBe(200);
  });
});
