// Collab nodes in this process, with the fakes wired in and test-friendly timings.
import type { Redis } from 'ioredis';
import pino from 'pino';
import { type CollabServer, createCollabServer } from '../../../src/collab/index.js';
import type { CollabLimits, CompactionOptions } from '../../../src/collab/types.js';
import { fakeAccess, verifyAccessToken } from './fake-auth.js';
import type { TestDatabase } from './services.js';

export const testLog = pino({ level: process.env.LOG_LEVEL ?? 'silent' });

export interface NodeEnv {
  redis: Redis;
  database: TestDatabase;
  keyPrefix: string;
  /** Text reported by onCompacted, by document id. */
  compacted?: Map<string, string>;
}

export const FAST_LIMITS: Partial<CollabLimits> = {
  messagesPerSecond: 10_000,
  burstMessages: 10_000,
  evictDelayMs: 100,
};

export async function startNode(
  env: NodeEnv,
  nodeId: string,
  extra: { limits?: Partial<CollabLimits>; compaction?: Partial<CompactionOptions> } = {},
): Promise<CollabServer> {
  return createCollabServer({
    redis: env.redis,
    db: env.database.db,
    access: fakeAccess,
    verifyAccessToken,
    onCompacted: async (documentId, text) => {
      env.compacted?.set(documentId, text);
    },
    log: testLog,
    nodeId,
    keyPrefix: env.keyPrefix,
    limits: { ...FAST_LIMITS, ...extra.limits },
    // retainMs 0: a compaction trims everything it merged, which the compaction tests check.
    compaction: { enabled: false, retainMs: 0, ...extra.compaction },
  });
}
