// Defaults for the tunables of CollabOptions.
import type { CollabLimits, CompactionOptions } from './types.js';

export const DEFAULT_LIMITS: CollabLimits = {
  maxMessageBytes: 4 * 1024 * 1024,
  messagesPerSecond: 100,
  burstMessages: 400,
  maxDocuments: 2000,
  maxPendingWrites: 512,
  maxBufferedBytes: 16 * 1024 * 1024,
  evictDelayMs: 10_000,
};

export const DEFAULT_COMPACTION: CompactionOptions = {
  enabled: true,
  delayMs: 10_000,
  intervalMs: 2_000,
  lockTtlMs: 60_000,
  maxEntries: 20_000,
  retainMs: 10_000,
};

export const DEFAULT_KEY_PREFIX = 'coope:collab:';
