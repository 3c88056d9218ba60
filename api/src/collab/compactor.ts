// Compaction worker: merges a document's stream into its MariaDB snapshot, reports the text, trims the stream.
// Any node may run it; a per-document lock keeps one compactor per document, and the snapshot write is fenced
// so a compactor that outlived its lock cannot overwrite newer work. A crashed compactor leaves the document
// marked as pending, and its lock expires, so the next tick anywhere picks it up again.
import type { Logger } from 'pino';
import * as Y from 'yjs';
import { collabMetrics } from './metrics.js';
import type { RedisLock } from './redis-lock.js';
import { type Snapshot, SnapshotConflictError, type SnapshotStore } from './snapshot-store.js';
import { compareStreamIds, type StreamEntry, type StreamLog } from './stream-log.js';
import { extractText } from './text-extract.js';
import type { CollabOptions, CompactionOptions } from './types.js';

/** Stream entries merged between two yields to the event loop. */
const MERGE_SLICE = 200;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export type CompactionResult = 'compacted' | 'trimmed' | 'empty' | 'locked' | 'conflict';

export interface CompactorDeps {
  stream: StreamLog;
  snapshots: SnapshotStore;
  lock: RedisLock;
  options: CompactionOptions;
  onCompacted: CollabOptions['onCompacted'];
  log: Logger;
  /** Documents held on this node, whose stream lengths are sampled for the gauge. */
  sampled(): string[];
}

export class Compactor {
  readonly #d: CompactorDeps;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(deps: CompactorDeps) {
    this.#d = deps;
  }

  start(): void {
    this.#schedule();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.tick().finally(() => this.#schedule());
    }, this.#d.options.intervalMs);
    this.#timer.unref();
  }

  /** One pass over the documents that are due; errors are logged and counted, never thrown. */
  async tick(): Promise<void> {
    try {
      const due = await this.#d.stream.due(Date.now() - this.#d.options.delayMs, 50);
      for (const documentId of due) {
        if (this.#stopped) return;
        await this.tryCompact(documentId);
      }
      await this.#sample();
    } catch (err) {
      collabMetrics.loopFailed('compactor');
      this.#d.log.error({ err }, 'compaction pass failed');
    }
  }

  async tryCompact(documentId: string): Promise<CompactionResult> {
    const key = this.#d.stream.keys.compactLock(documentId);
    const token = await this.#d.lock.tryAcquire(key, this.#d.options.lockTtlMs);
    if (!token) return 'locked';
    const startedAt = performance.now();
    try {
      const result = await this.#compact(documentId);
      collabMetrics.compacted(startedAt, 'ok');
      return result;
    } catch (err) {
      collabMetrics.compacted(startedAt, 'error');
      if (err instanceof SnapshotConflictError) {
        this.#d.log.warn({ documentId }, 'compaction lost a race, result dropped');
        return 'conflict';
      }
      this.#d.log.error({ err, documentId }, 'compaction failed');
      throw err;
    } finally {
      await this.#d.lock.release(key, token).catch(() => {});
    }
  }

  /** Runs `fn` holding the document's compaction lock (waits up to the lock TTL for a running compaction). */
  async whileLocked(documentId: string, fn: () => Promise<void>): Promise<void> {
    const key = this.#d.stream.keys.compactLock(documentId);
    const deadline = Date.now() + this.#d.options.lockTtlMs;
    let token = await this.#d.lock.tryAcquire(key, this.#d.options.lockTtlMs);
    while (!token && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      token = await this.#d.lock.tryAcquire(key, this.#d.options.lockTtlMs);
    }
    try {
      await fn();
    } finally {
      if (token) await this.#d.lock.release(key, token).catch(() => {});
    }
  }

  /** Trims the merged entries up to `through`, but keeps the ones younger than retainMs. */
  #trim(documentId: string, through: string): Promise<number> {
    const retainFrom = `${Math.max(0, Date.now() - this.#d.options.retainMs)}-0`;
    const bound = compareStreamIds(through, retainFrom) < 0 ? through : retainFrom;
    return this.#d.stream.trimThrough(documentId, bound);
  }

  async #compact(documentId: string): Promise<CompactionResult> {
    const { stream, snapshots } = this.#d;
    const previous = await snapshots.load(documentId);
    const entries = await stream.range(documentId, previous?.streamId ?? null, this.#d.options.maxEntries);
    const last = entries.at(-1);
    if (!last) {
      await this.#trim(documentId, previous?.streamId ?? '0-0');
      return 'empty';
    }
    const updates = entries.filter((e) => e.kind === 'u');
    // Presence and control entries only: nothing to merge, the snapshot already holds every update.
    if (updates.length === 0) {
      await this.#trim(documentId, last.id);
      return 'trimmed';
    }
    const { next, text } = await this.#merge(documentId, previous, updates, last.id);
    await snapshots.save(documentId, next, previous);
    await this.#report(documentId, text);
    await this.#trim(documentId, last.id);
    return 'compacted';
  }

  /** Runs on the event loop that serves clients, so it yields between its steps rather than block it at once. */
  async #merge(documentId: string, previous: Snapshot | null, updates: StreamEntry[], lastId: string) {
    const doc = new Y.Doc();
    try {
      if (previous) Y.applyUpdate(doc, previous.state);
      for (let i = 0; i < updates.length; i++) {
        if (i % MERGE_SLICE === 0) await yieldToLoop();
        try {
          Y.applyUpdate(doc, updates[i]!.data);
        } catch (err) {
          this.#d.log.error({ err, documentId, entryId: updates[i]!.id }, 'stream entry skipped at compaction');
        }
      }
      await yieldToLoop();
      const state = Y.encodeStateAsUpdate(doc);
      await yieldToLoop();
      return { next: { state, streamId: lastId }, text: extractText(doc) };
    } finally {
      doc.destroy();
    }
  }

  async #report(documentId: string, text: string): Promise<void> {
    try {
      await this.#d.onCompacted(documentId, text);
    } catch (err) {
      // The text is refreshed by the next compaction; the snapshot is what must not be lost.
      this.#d.log.error({ err, documentId }, 'onCompacted failed');
    }
  }

  async #sample(): Promise<void> {
    const ids = this.#d.sampled();
    const lengths = await Promise.all(ids.map((id) => this.#d.stream.length(id)));
    collabMetrics.streamLengthSampled(Math.max(0, ...lengths), lengths.reduce((a, b) => a + b, 0));
    collabMetrics.backlogSampled(await this.#d.stream.backlog());
  }
}
