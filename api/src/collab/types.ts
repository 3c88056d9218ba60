// Public option and handle types of the co-editing service.
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

export type DocumentRole = 'owner' | 'editor' | 'viewer';

export interface DocumentAccess {
  /** The caller's role on the document, or null when it may not open it (unknown, deleted, no membership). */
  documentRole(userId: string, documentId: string): Promise<DocumentRole | null>;
  /** Optional: true when the document is in the trash; such a document is not opened (4410). */
  documentArchived?(documentId: string): Promise<boolean>;
}

export interface CollabUser {
  userId: string;
  name: string;
  /** The sign-in session of the token (its sid), whose end closes the connection; null when it has none. */
  sessionId: string | null;
  /** ms since the epoch when the token was verified. */
  authenticatedAt: number;
}

/**
 * What verifyAccessToken may return: the api's AuthUser ({ id, name, sid }) is accepted as is; null = invalid.
 * `sid` is the token's session: when it ends (CollabHandle.closeSession) its connections close.
 */
export type VerifiedUser =
  | { userId: string; name?: string; sid?: string | null }
  | { id: string; name?: string; sid?: string | null }
  | null;

export interface CollabLimits {
  /** Largest accepted client message in bytes; bigger ones close the connection with 4413. */
  maxMessageBytes: number;
  /** Sustained messages per second per connection (token bucket refill). */
  messagesPerSecond: number;
  /** Token bucket size: how many messages a connection may send in a burst. */
  burstMessages: number;
  /** Documents held in memory on this node; a new one beyond it is refused with HTTP 503. */
  maxDocuments: number;
  /** Client writes queued behind their XADD before the connection is closed as too fast. */
  maxPendingWrites: number;
  /** Outgoing bytes buffered for a slow client before it is dropped (1013). */
  maxBufferedBytes: number;
  /** How long an unused document stays cached after its last client left. */
  evictDelayMs: number;
}

export interface CompactionOptions {
  /** Run the compaction worker on this node (every node may; a lock keeps one per document). */
  enabled: boolean;
  /** A document is compacted this long after its first uncompacted stream entry. */
  delayMs: number;
  /** How often the worker looks for due documents. */
  intervalMs: number;
  /** Lock lifetime; a crashed compactor's document is taken over once it expires. */
  lockTtlMs: number;
  /** Stream entries merged per compaction run; the rest waits for the next run. */
  maxEntries: number;
  /**
   * Merged entries younger than this stay in the stream a while: another node's reader a little behind
   * still reads them instead of skipping past a trimmed gap (a node that fell further behind, e.g. across
   * a Redis outage, merges the snapshot instead: stream-reader.ts).
   */
  retainMs: number;
}

export interface CollabOptions {
  /** Shared connection; the service makes its own duplicate()s for blocking reads and writes. */
  redis: Redis;
  // biome-ignore lint/suspicious/noExplicitAny: the api's Kysely<Database> is accepted as is; only document_snapshots is used
  db: Kysely<any>;
  access: DocumentAccess;
  /** Called after a compaction with the document's plain text (full-text search, "recently edited"). */
  onCompacted(documentId: string, text: string): Promise<void>;
  /** Throws or returns null when the token is invalid or expired. */
  verifyAccessToken(token: string): Promise<VerifiedUser>;
  log: Logger;
  /** Unique per process; stream entries carry it so a node skips its own. Default: host-pid-random. */
  nodeId?: string;
  /** Extra registry to expose the coope_collab_* metrics on (they are always on prom-client's default one). */
  metricsRegistry?: Registry;
  /** Redis key prefix, e.g. "coope:collab:". */
  keyPrefix?: string;
  limits?: Partial<CollabLimits>;
  compaction?: Partial<CompactionOptions>;
}

/** What the api's routes use: the `app.collab` decorator. */
export interface CollabHandle {
  /** Closes every live session of the document on every node (code 4410), e.g. on archive or delete. */
  closeDocument(documentId: string, reason?: string): Promise<void>;
  /** closeDocument, then removes the document's snapshot and stream (permanent delete). */
  purgeDocument(documentId: string): Promise<void>;
  /**
   * Appends a Yjs update to the document like a client edit (e.g. generated meeting notes); throws if malformed.
   * Optional in the type only so fakes of the decorator may leave it out; the plugin always provides it.
   */
  seedDocument?(documentId: string, update: Uint8Array): Promise<void>;
  /** Closes one user's sessions on these documents on every node (4001), e.g. after a role change. Optional as above. */
  closeUserSessions?(userId: string, documentIds: string[], reason?: string): Promise<void>;
  /** Closes every connection opened with this sign-in session's tokens on every node (4401): logout. Optional as above. */
  closeSession?(sessionId: string, reason?: string): Promise<void>;
  /** Closes every connection of the user on every node (4401): signed out everywhere. Optional as above. */
  closeUser?(userId: string, reason?: string): Promise<void>;
}
