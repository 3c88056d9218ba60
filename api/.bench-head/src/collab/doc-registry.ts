// The documents this node holds in memory: loaded on first use (snapshot + stream tail), shared by all
// local clients, evicted a little after the last one leaves. Concurrent opens share one load.
import type { Logger } from 'pino';
import * as Y from 'yjs';
import { collabMetrics } from './metrics.js';
import { SharedDoc } from './shared-doc.js';
import type { SnapshotStore } from './snapshot-store.js';
import type { StreamLog } from './stream-log.js';

export class CapacityError extends Error {}

interface Slot {
  load: Promise<SharedDoc>;
  doc: SharedDoc | null;
  refs: number;
  evictTimer: NodeJS.Timeout | null;
}

export interface DocRegistryDeps {
  stream: StreamLog;
  snapshots: SnapshotStore;
  log: Logger;
  maxDocuments: number;
  evictDelayMs: number;
  /** Called when a document joins the set the stream reader follows. */
  onLoaded(doc: SharedDoc): void;
}

export class DocRegistry {
  readonly #slots = new Map<string, Slot>();
  readonly #deps: DocRegistryDeps;

  constructor(deps: DocRegistryDeps) {
    this.#deps = deps;
  }

  /** Loaded documents (the stream reader follows exactly these). */
  loaded(): SharedDoc[] {
    const docs: SharedDoc[] = [];
    for (const slot of this.#slots.values()) if (slot.doc) docs.push(slot.doc);
    return docs;
  }

  get(documentId: string): SharedDoc | undefined {
    return this.#slots.get(documentId)?.doc ?? undefined;
  }

  get size(): number {
    return this.#slots.size;
  }

  /** Holds the document until release(); throws CapacityError when the node is full. */
  async acquire(documentId: string): Promise<SharedDoc> {
    let slot = this.#slots.get(documentId);
    if (!slot) {
      this.#makeRoom();
      slot = { load: this.#load(documentId), doc: null, refs: 0, evictTimer: null };
      this.#slots.set(documentId, slot);
      const created = slot;
      created.load.then(
        (doc) => {
          created.doc = doc;
          collabMetrics.documentLoaded();
          this.#deps.onLoaded(doc);
        },
        () => this.#slots.delete(documentId),
      );
    }
    slot.refs++;
    if (slot.evictTimer) clearTimeout(slot.evictTimer);
    slot.evictTimer = null;
    try {
      return await slot.load;
    } catch (err) {
      slot.refs--;
      throw err;
    }
  }

  release(documentId: string): void {
    const slot = this.#slots.get(documentId);
    if (!slot) return;
    slot.refs--;
    if (slot.refs > 0) return;
    slot.evictTimer = setTimeout(() => this.#evict(documentId, slot), this.#deps.evictDelayMs);
    slot.evictTimer.unref();
  }

  /** Drops every idle document at once; used to make room and at shutdown. */
  evictIdle(): void {
    for (const [id, slot] of this.#slots) if (slot.refs === 0 && slot.doc) this.#evict(id, slot);
  }

  #makeRoom(): void {
    if (this.#slots.size < this.#deps.maxDocuments) return;
    this.evictIdle();
    if (this.#slots.size >= this.#deps.maxDocuments) throw new CapacityError('document limit reached on this node');
  }

  #evict(documentId: string, slot: Slot): void {
    if (slot.refs > 0 || this.#slots.get(documentId) !== slot || !slot.doc) return;
    if (slot.evictTimer) clearTimeout(slot.evictTimer);
    this.#slots.delete(documentId);
    slot.doc.destroy();
    collabMetrics.documentEvicted();
  }

  async #load(documentId: string): Promise<SharedDoc> {
    const { stream, snapshots, log } = this.#deps;
    // Stream first, snapshot second: entries missing from the read were trimmed, which happens only after
    // a snapshot holding them was committed, so the later snapshot read covers them (Yjs ignores duplicates).
    const entries = await stream.readAll(documentId);
    const snapshot = await snapshots.load(documentId);
    const doc = new Y.Doc();
    if (snapshot) Y.applyUpdate(doc, snapshot.state);
    for (const entry of entries) {
      if (entry.kind !== 'u') continue;
      try {
        Y.applyUpdate(doc, entry.data);
      } catch (err) {
        log.error({ err, documentId, entryId: entry.id }, 'stream entry skipped at load');
      }
    }
    const lastId = entries.at(-1)?.id ?? '0-0';
    const shared = new SharedDoc(documentId, doc, lastId, stream, log.child({ documentId }));
    // Ask nodes that already hold the document to republish their clients' presence.
    await stream.append(documentId, 'q', '').catch((err) => log.warn({ err, documentId }, 'presence query failed'));
    return shared;
  }
}
