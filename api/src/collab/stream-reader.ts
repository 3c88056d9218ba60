// One blocking XREAD per node over the streams of every document it holds. A newly loaded document
// interrupts the block (CLIENT UNBLOCK) so it is followed at once; its cursor guarantees no gap either way.
// A reader that fell behind (failed reads, e.g. across a Redis outage) may find entries trimmed past its
// cursor by another node's compactor: it then merges the snapshot that holds them.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { DocRegistry } from './doc-registry.js';
import type { CollabKeys } from './keys.js';
import type { SharedDoc } from './shared-doc.js';
import type { SnapshotStore } from './snapshot-store.js';
import { collabMetrics } from './metrics.js';
import { compareStreamIds, parseEntry, type StreamEntry } from './stream-log.js';

export { compareStreamIds };

type XreadReply = [Buffer, [Buffer, Buffer[]][]][] | null;

export interface StreamReaderDeps {
  /** Dedicated connection: it spends its life blocked in XREAD. */
  reader: Redis;
  /** Any other connection, used to unblock the reader. */
  control: Redis;
  registry: DocRegistry;
  /** Where trimmed entries live on (merged into the document's snapshot). */
  snapshots: Pick<SnapshotStore, 'load'>;
  keys: CollabKeys;
  nodeId: string;
  log: Logger;
  blockMs?: number;
}

export class StreamReader {
  readonly #d: StreamReaderDeps;
  #readerClientId: number | null = null;
  #stopped = false;
  #inFlight = false;
  #dirty = false;
  #idle: (() => void) | null = null;
  #loop: Promise<void> | null = null;
  #failures = 0;
  /** documentId => its cursor when reads started failing, until its snapshot has been merged. */
  readonly #behindFrom = new Map<string, string>();

  constructor(deps: StreamReaderDeps) {
    this.#d = deps;
    deps.reader.on('ready', () => this.#fetchClientId());
  }

  /** Reads failed in a row (for tests and health). */
  get failures(): number {
    return this.#failures;
  }

  start(): void {
    this.#fetchClientId();
    this.#loop = this.#run();
  }

  /** The set of documents changed: re-issue the XREAD with the new stream list. */
  wake(): void {
    this.#dirty = true;
    this.#idle?.();
    this.#unblock(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.wake();
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 1000).unref());
    if ((await Promise.race([this.#loop, timeout])) === 'timeout') this.#d.reader.disconnect();
    await this.#loop;
  }

  #fetchClientId(): void {
    this.#d.reader.client('ID').then(
      (id) => {
        this.#readerClientId = Number(id);
      },
      () => {},
    );
  }

  #unblock(attempt: number): void {
    const id = this.#readerClientId;
    if (!this.#inFlight || !this.#dirty || id === null || attempt > 20) return;
    this.#d.control.client('UNBLOCK', id).then(
      // 0: the XREAD had not reached Redis yet; try again shortly.
      (n) => n === 0 && setTimeout(() => this.#unblock(attempt + 1), 5),
      () => {},
    );
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      this.#dirty = false;
      const docs = this.#d.registry.loaded();
      if (docs.length === 0) {
        await new Promise<void>((resolve) => {
          this.#idle = resolve;
        });
        this.#idle = null;
        continue;
      }
      try {
        await this.#readOnce(docs.map((d) => this.#d.keys.stream(d.id)), docs.map((d) => d.lastId));
        this.#failures = 0;
      } catch (err) {
        if (this.#stopped) break;
        // Entries after these cursors may be trimmed before the next read succeeds.
        for (const doc of docs) if (!this.#behindFrom.has(doc.id)) this.#behindFrom.set(doc.id, doc.lastId);
        collabMetrics.loopFailed('reader');
        this.#d.log.error({ err }, 'stream read failed');
        this.#failures++;
        await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** this.#failures)));
        continue;
      }
      // Redis answered: any trim that outran us is visible now.
      if (this.#behindFrom.size > 0) await this.#catchUp();
    }
  }

  /**
   * Merges the snapshot of each document that moved on past the cursor the reader fell behind from: entries
   * between were compacted into it, and may have been trimmed before this node read them. Merging is a no-op
   * for what the node already holds. XINFO cannot tell (XTRIM leaves max-deleted-entry-id alone). A document
   * whose snapshot cannot be read now keeps its cursor for the next pass.
   */
  async #catchUp(): Promise<void> {
    for (const [documentId, cursor] of this.#behindFrom) {
      const doc = this.#d.registry.get(documentId);
      try {
        const snapshot = doc ? await this.#d.snapshots.load(documentId) : null;
        if (doc && snapshot && compareStreamIds(snapshot.streamId, cursor) > 0) {
          this.#d.log.warn({ documentId, cursor, snapshot: snapshot.streamId }, 'reader was behind the compacted stream: snapshot merged');
          doc.mergeSnapshot(snapshot.state);
        }
        this.#behindFrom.delete(documentId);
      } catch (err) {
        collabMetrics.loopFailed('reader');
        this.#d.log.error({ err, documentId }, 'snapshot catch-up failed');
      }
    }
  }

  async #readOnce(streams: string[], ids: string[]): Promise<void> {
    this.#inFlight = true;
    let reply: XreadReply;
    try {
      const block = this.#d.blockMs ?? 5000;
      const args = ['COUNT', 500, 'BLOCK', block, 'STREAMS', ...streams, ...ids];
      reply = (await this.#d.reader.callBuffer('XREAD', ...args)) as XreadReply;
    } finally {
      this.#inFlight = false;
    }
    for (const [key, entries] of reply ?? []) {
      const documentId = this.#d.keys.documentOf(key.toString());
      const doc = documentId === null ? undefined : this.#d.registry.get(documentId);
      if (!doc) continue;
      const remote: StreamEntry[] = [];
      for (const [id, fields] of entries) {
        const entry = parseEntry(id, fields);
        // A document reloaded during this read may already hold the entry.
        if (!entry || compareStreamIds(entry.id, doc.lastId) <= 0) continue;
        doc.lastId = entry.id;
        if (entry.node !== this.#d.nodeId || doc.mayLackOwn(entry)) remote.push(entry);
      }
      if (remote.length > 0) this.#apply(doc, remote);
    }
  }

  /** Applies the entries; notes when one of our own (a failed append that Redis stored) was missing here. */
  #apply(doc: SharedDoc, entries: StreamEntry[]): void {
    const own = entries.some((e) => e.node === this.#d.nodeId);
    const before = own ? Buffer.from(Y.encodeStateVector(doc.doc)) : null;
    doc.applyRemote(entries);
    if (before && !before.equals(Buffer.from(Y.encodeStateVector(doc.doc)))) {
      this.#d.log.warn({ documentId: doc.id }, 'recovered an update of ours whose append had failed');
    }
  }
}
