// Per-node cache of a member's document list (pages or trash) and role, keyed by workspace and user.
// Every write that changes a list or a membership drops the workspace's entries here and publishes
// the drop (channel-follower.ts), so other nodes drop theirs on delivery. While this node is not
// following the channel it neither reads nor fills the cache: every list goes to the database.
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { DocumentSummary } from '../../contract/workspace.js';
import type { MemberRole } from '../../db/schema.js';
import { ChannelFollower } from '../external/channel-follower.js';

/** pub/sub channel, message `ws <workspaceId>` or `doc <documentId> …`: cached lists every api node drops. */
export const documentListsChannel = 'doclists:invalidate';

/** Bounds memory; past it the whole cache starts over (lists are cheap to reload). */
const MAX_ENTRIES = 20_000;
/** A last resort should an invalidation ever be lost without the subscription dropping. */
const TTL_MS = 30_000;

export interface MemberListing {
  role: MemberRole;
  documents: DocumentSummary[];
}

interface Entry {
  listing: MemberListing;
  untilMs: number;
}

/** What repositories call after a committed write. */
export interface ListInvalidation {
  workspace(workspaceId: string): Promise<void>;
  /** For writes that change existing pages only (content compaction, notes text). */
  documents(documentIds: string[]): Promise<void>;
}

export class DocumentListCache implements ListInvalidation {
  /** workspaceId => `${userId} ${archived}` => entry. */
  readonly #byWorkspace = new Map<string, Map<string, Entry>>();
  readonly #follower: ChannelFollower;
  readonly #log: () => FastifyBaseLogger;
  #size = 0;
  /** Bumped on every drop: a load that started before it must not fill the cache. */
  #epoch = 0;

  constructor(redis: Redis, log: () => FastifyBaseLogger) {
    this.#log = log;
    const clear = () => this.#clear();
    this.#follower = new ChannelFollower(
      redis,
      documentListsChannel,
      'document lists',
      { onMessage: (m) => this.#handleMessage(m), onSubscribed: async () => clear(), onLost: clear },
      log,
    );
  }

  get synced(): boolean {
    return this.#follower.synced;
  }

  /** The subscriber connection; exposed so tests can cut it. */
  get subscriber(): Redis {
    return this.#follower.subscriber;
  }

  /** The cached listing, or `load()`'s (cached when it is a member's and nothing changed meanwhile). */
  async list(workspaceId: string, userId: string, archived: boolean, load: () => Promise<MemberListing | null>) {
    if (!this.#follower.synced) return load();
    const key = `${userId} ${archived}`;
    const hit = this.#byWorkspace.get(workspaceId)?.get(key);
    const now = Date.now();
    if (hit && hit.untilMs > now) return hit.listing;
    const epoch = this.#epoch;
    const listing = await load();
    if (listing && epoch === this.#epoch && this.#follower.synced) this.#store(workspaceId, key, { listing, untilMs: now + TTL_MS });
    return listing;
  }

  async workspace(workspaceId: string): Promise<void> {
    this.#dropWorkspace(workspaceId);
    await this.#publish(`ws ${workspaceId}`);
  }

  async documents(documentIds: string[]): Promise<void> {
    if (documentIds.length === 0) return;
    this.#dropDocuments(new Set(documentIds));
    await this.#publish(`doc ${documentIds.join(' ')}`);
  }

  close(): void {
    this.#follower.close();
  }

  /** The write is committed already; a failed publish is logged (entries expire after TTL_MS). */
  async #publish(message: string): Promise<void> {
    try {
      await this.#follower.publish(message);
    } catch (err) {
      this.#log().error({ err }, 'document list invalidation not published');
    }
  }

  #store(workspaceId: string, key: string, entry: Entry): void {
    if (this.#size >= MAX_ENTRIES) this.#clear();
    const entries = this.#byWorkspace.get(workspaceId) ?? new Map<string, Entry>();
    this.#byWorkspace.set(workspaceId, entries);
    if (!entries.has(key)) this.#size++;
    entries.set(key, entry);
  }

  #handleMessage(message: string): void {
    const [kind, ...ids] = message.split(' ');
    if (kind === 'ws' && ids[0]) this.#dropWorkspace(ids[0]);
    else if (kind === 'doc') this.#dropDocuments(new Set(ids));
  }

  #dropWorkspace(workspaceId: string): void {
    this.#epoch++;
    this.#size -= this.#byWorkspace.get(workspaceId)?.size ?? 0;
    this.#byWorkspace.delete(workspaceId);
  }

  #dropDocuments(ids: Set<string>): void {
    this.#epoch++;
    for (const [workspaceId, entries] of this.#byWorkspace) {
      const touched = [...entries.values()].some((e) => e.listing.documents.some((d) => ids.has(d.id)));
      if (touched) this.#dropWorkspace(workspaceId);
    }
  }

  #clear(): void {
    this.#epoch++;
    this.#byWorkspace.clear();
    this.#size = 0;
  }
}

/** For repositories used without a cache (scripts, tests of the repositories alone). */
export const noListCache: ListInvalidation = {
  workspace: async () => {},
  documents: async () => {},
};
