// @coope/media-node/keys: Redis keys of media-node records, and the record's schema.
// A node writes both keys every second; readers take the index, then MGET the records.
import { z } from 'zod';

export const DEFAULT_KEY_PREFIX = 'coope:';

export const mediaNodeStateSchema = z.enum(['SERVING', 'DRAINING']);
export type MediaNodeState = z.infer<typeof mediaNodeStateSchema>;

export const mediaNodeRecordSchema = z.object({
  id: z.string().min(1),
  /** Random per process start (same as getNodeInfo's). */
  bootId: z.string(),
  /** ws://host:port/rpc, for MediaRpcClient. */
  rpcUrl: z.string().min(1),
  announcedIp: z.string(),
  /** Number of live mediasoup workers. */
  workers: z.number().int().nonnegative(),
  state: mediaNodeStateSchema,
  load: z.object({
    rooms: z.number().int().nonnegative().default(0),
    transports: z.number().int().nonnegative(),
    producers: z.number().int().nonnegative(),
    consumers: z.number().int().nonnegative(),
    /** workers × MEDIA_CONSUMERS_PER_WORKER: consumers beyond this should go to another node. */
    consumerBudget: z.number().int().nonnegative().default(0),
    /** Consumers on each worker (index = worker index). */
    workerConsumers: z.array(z.number().int()).default([]),
    /** CPU of each worker over the last refresh interval, as a fraction of one core (0..1+). */
    workerCpu: z.array(z.number()),
  }),
  /** ms since the Unix epoch of the last refresh. */
  updatedAt: z.number(),
  /** The record's TTL (MEDIA_RECORD_TTL_MS); fresh while now - updatedAt <= ttlMs. */
  ttlMs: z.number().int().positive(),
});
export type MediaNodeRecord = z.infer<typeof mediaNodeRecordSchema>;

export function mediaKeys(prefix = DEFAULT_KEY_PREFIX) {
  return {
    /** string: JSON MediaNodeRecord of one node, SET with PX = MEDIA_RECORD_TTL_MS (gone when the node dies). */
    nodeRecord: (nodeId: string) => `${prefix}media:node:${nodeId}`,
    /** sorted set: member nodeId, score = updatedAt (ms). Members older than the TTL are dead and pruned. */
    nodeIndex: () => `${prefix}media:nodes`,
  };
}

/** Fresh = refreshed within its TTL (the key expiring covers a dead node; this covers a stuck one). */
export function isMediaNodeRecordFresh(record: MediaNodeRecord, now = Date.now()): boolean {
  return now - record.updatedAt <= record.ttlMs;
}

/** The two Redis calls a reader needs (an ioredis client fits). */
export interface MediaNodeReader {
  zrangebyscore(key: string, min: number | string, max: number | string): Promise<string[]>;
  mget(...keys: string[]): Promise<(string | null)[]>;
}

/** Live media-node records; expired or unreadable records are skipped. */
export async function readMediaNodes(
  redis: MediaNodeReader,
  opts: { prefix?: string; ttlMs?: number; now?: number } = {},
): Promise<MediaNodeRecord[]> {
  const keys = mediaKeys(opts.prefix);
  const since = (opts.now ?? Date.now()) - (opts.ttlMs ?? 3_000);
  const ids = await redis.zrangebyscore(keys.nodeIndex(), since, '+inf');
  if (ids.length === 0) return [];
  const raws = await redis.mget(...ids.map((id) => keys.nodeRecord(id)));
  const records: MediaNodeRecord[] = [];
  for (const raw of raws) {
    if (!raw) continue;
    try {
      const parsed = mediaNodeRecordSchema.safeParse(JSON.parse(raw));
      if (parsed.success && isMediaNodeRecordFresh(parsed.data, opts.now)) records.push(parsed.data);
    } catch {
      // A corrupt record is treated as absent.
    }
  }
  return records;
}
