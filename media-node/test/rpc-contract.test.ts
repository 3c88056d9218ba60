// Unit tests of the wire contract: envelope parsing, per-method schemas, keys and records.
import { describe, expect, it } from 'vitest';
import { isMediaNodeRecordFresh, type MediaNodeRecord, mediaKeys, mediaNodeRecordSchema } from '../src/keys.js';
import { parseRpcRequest, rpcMethods } from '../src/rpc/index.js';

const caps = { codecs: [{ kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 }] };

describe('parseRpcRequest', () => {
  it('accepts a well-formed request and types its params', () => {
    const r = parseRpcRequest(JSON.stringify({ id: 7, method: 'getRouterRtpCapabilities', params: { roomId: 'r', epoch: 1 } }));
    expect(r).toEqual({ ok: true, request: { id: 7, method: 'getRouterRtpCapabilities', params: { roomId: 'r', epoch: 1 } } });
  });

  it.each([
    ['not json', '{nope', null, 'BAD_REQUEST'],
    ['no id', JSON.stringify({ method: 'drain', params: {} }), null, 'BAD_REQUEST'],
    ['negative id', JSON.stringify({ id: -1, method: 'drain', params: {} }), null, 'BAD_REQUEST'],
    ['unknown method', JSON.stringify({ id: 1, method: 'launchRockets', params: {} }), 1, 'UNKNOWN_METHOD'],
    ['prototype key', JSON.stringify({ id: 2, method: 'constructor', params: {} }), 2, 'UNKNOWN_METHOD'],
    ['wrong type', JSON.stringify({ id: 3, method: 'restartIce', params: { roomId: 'r', epoch: '1', transportId: 't' } }), 3, 'BAD_REQUEST'],
    ['missing epoch', JSON.stringify({ id: 4, method: 'closeRoom', params: { roomId: 'r' } }), 4, 'BAD_REQUEST'],
    ['array frame', '[1,2,3]', null, 'BAD_REQUEST'],
  ])('rejects %s', (_name, text, id, code) => {
    const r = parseRpcRequest(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect({ id: r.id, code: r.code }).toEqual({ id, code });
  });

  it('validates nested media parameters', () => {
    const consume = (rtpCapabilities: unknown) =>
      parseRpcRequest(
        JSON.stringify({
          id: 1,
          method: 'consume',
          params: { roomId: 'r', epoch: 0, transportId: 't', producerId: 'p', rtpCapabilities },
        }),
      ).ok;
    expect(consume(caps)).toBe(true);
    expect(consume({ codecs: [{ kind: 'smell', mimeType: 'x', clockRate: 1 }] })).toBe(false);
  });

  it('has a params and a result schema for every method', () => {
    for (const [name, m] of Object.entries(rpcMethods)) {
      expect(m.params, name).toBeDefined();
      expect(m.result, name).toBeDefined();
    }
  });
});

describe('keys', () => {
  it('builds prefixed keys', () => {
    const k = mediaKeys('t1:');
    expect(k.nodeRecord('m1')).toBe('t1:media:node:m1');
    expect(k.nodeIndex()).toBe('t1:media:nodes');
    expect(mediaKeys().nodeRecord('m1')).toBe('coope:media:node:m1');
  });

  it('parses a record and judges freshness by its TTL', () => {
    const record: MediaNodeRecord = mediaNodeRecordSchema.parse({
      id: 'm1',
      bootId: 'b',
      rpcUrl: 'ws://127.0.0.1:1/rpc',
      announcedIp: '127.0.0.1',
      workers: 2,
      state: 'SERVING',
      load: { transports: 0, producers: 0, consumers: 0, workerCpu: [0, 0] },
      updatedAt: 10_000,
      ttlMs: 3_000,
    });
    expect(record.load.consumerBudget).toBe(0);
    expect(isMediaNodeRecordFresh(record, 13_000)).toBe(true);
    expect(isMediaNodeRecordFresh(record, 13_001)).toBe(false);
  });
});
