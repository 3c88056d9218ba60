// Redis adapter for the per-document streams: append (with the compaction mark, atomically), read, trim.
import type { Redis } from 'ioredis';
import type { CollabKeys } from './keys.js';

/** u = Yjs update, a = awareness update, q = "republish your awareness", c = close sessions (d = reason). */
export type EntryKind = 'u' | 'a' | 'q' | 'c';

export interface StreamEntry {
  id: string;
  node: string;
  sentAt: number;
  kind: EntryKind;
  data: Buffer;
}

// XADD and the compaction mark in one step, so no entry can exist that no compactor will look at.
const APPEND = `
local id = redis.call('XADD', KEYS[1], '*', 'n', ARGV[1], 't', ARGV[2], 'k', ARGV[3], 'd', ARGV[4])
redis.call('ZADD', KEYS[2], 'NX', ARGV[2], ARGV[5])
return id`;

// Trim what a snapshot now holds; unmark the document only if nothing newer arrived meanwhile.
const TRIM = `
redis.call('XTRIM', KEYS[1], 'MINID', ARGV[1])
local left = redis.call('XLEN', KEYS[1])
if left == 0 then redis.call('ZREM', KEYS[2], ARGV[2]) else redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2]) end
return left`;

type ScriptArg = string | Buffer | number;
type ScriptedRedis = Redis & {
  coopeCollabAppend(k1: string, k2: string, ...args: ScriptArg[]): Promise<string>;
  coopeCollabTrim(k1: string, k2: string, ...args: ScriptArg[]): Promise<number>;
};

const KINDS = new Set(['u', 'a', 'q', 'c']);

export function parseEntry(id: Buffer | string, fields: Buffer[]): StreamEntry | null {
  const map = new Map<string, Buffer>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i]!.toString(), fields[i + 1]!);
  const kind = map.get('k')?.toString();
  const node = map.get('n')?.toString();
  const data = map.get('d');
  if (!kind || !KINDS.has(kind) || node === undefined || data === undefined) return null;
  return { id: id.toString(), node, sentAt: Number(map.get('t')?.toString() ?? 0), kind: kind as EntryKind, data };
}

/** Stream ids compare as (ms, seq) pairs. */
export function compareStreamIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split('-').map(BigInt) as [bigint, bigint];
  if (am !== bm) return am < bm ? -1 : 1;
  if (as !== bs) return as < bs ? -1 : 1;
  return 0;
}

/** The smallest stream id greater than `id` (XTRIM MINID keeps ids >= it). */
export function nextStreamId(id: string): string {
  const [ms, seq] = id.split('-');
  return `${ms}-${(BigInt(seq ?? '0') + 1n).toString()}`;
}

export class StreamLog {
  readonly #redis: ScriptedRedis;
  readonly #keys: CollabKeys;
  readonly #nodeId: string;

  constructor(redis: Redis, keys: CollabKeys, nodeId: string) {
    redis.defineCommand('coopeCollabAppend', { numberOfKeys: 2, lua: APPEND });
    redis.defineCommand('coopeCollabTrim', { numberOfKeys: 2, lua: TRIM });
    this.#redis = redis as ScriptedRedis;
    this.#keys = keys;
    this.#nodeId = nodeId;
  }

  get keys(): CollabKeys {
    return this.#keys;
  }

  /** The node tag written with every entry. */
  get nodeId(): string {
    return this.#nodeId;
  }

  /** Resolves with the entry id once Redis holds it: this is the durability point. */
  append(documentId: string, kind: EntryKind, data: Uint8Array | string): Promise<string> {
    const payload = typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return this.#redis.coopeCollabAppend(
      this.#keys.stream(documentId),
      this.#keys.pending(),
      this.#nodeId,
      Date.now(),
      kind,
      payload,
      documentId,
    );
  }

  /** Entries after `afterId` (exclusive; null = from the start), oldest first. */
  async range(documentId: string, afterId: string | null, count: number): Promise<StreamEntry[]> {
    const start = afterId ? `(${afterId}` : '-';
    const raw = await this.#redis.xrangeBuffer(this.#keys.stream(documentId), start, '+', 'COUNT', count);
    return raw.map(([id, fields]) => parseEntry(id, fields)).filter((e): e is StreamEntry => e !== null);
  }

  /** Every entry of the stream, read in pages. */
  async readAll(documentId: string, pageSize = 1000): Promise<StreamEntry[]> {
    const all: StreamEntry[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await this.range(documentId, after, pageSize);
      all.push(...page);
      if (page.length < pageSize) return all;
      after = page[page.length - 1]!.id;
    }
  }

  /** Removes entries up to and including `lastId`; returns the entries left. */
  trimThrough(documentId: string, lastId: string): Promise<number> {
    const stream = this.#keys.stream(documentId);
    return this.#redis.coopeCollabTrim(stream, this.#keys.pending(), nextStreamId(lastId), documentId, Date.now());
  }

  length(documentId: string): Promise<number> {
    return this.#redis.xlen(this.#keys.stream(documentId));
  }

  /** Documents whose oldest uncompacted entry is older than `dueBefore` (ms). */
  due(dueBefore: number, limit: number): Promise<string[]> {
    return this.#redis.zrangebyscore(this.#keys.pending(), '-inf', dueBefore, 'LIMIT', 0, limit);
  }

  backlog(): Promise<number> {
    return this.#redis.zcard(this.#keys.pending());
  }

  /** Drops the compaction mark now and the stream a minute later, so nodes still reading it see the close entry. */
  async remove(documentId: string): Promise<void> {
    await this.#redis
      .multi()
      .pexpire(this.#keys.stream(documentId), 60_000)
      .zrem(this.#keys.pending(), documentId)
      .exec();
  }
}
