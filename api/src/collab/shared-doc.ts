// One document held in memory on this node: the Y.Doc, its awareness, and the local peers.
// Local writes go to the stream first and are applied only once Redis holds them.
import type { Logger } from 'pino';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode } from './close-codes.js';
import { collabMetrics } from './metrics.js';
import { encodeAwareness, encodeUpdate, ProtocolError } from './protocol.js';
import { compareStreamIds, type StreamEntry, type StreamLog } from './stream-log.js';

/** A local client of the document (implemented by CollabConnection). */
export interface DocPeer {
  /** Awareness client ids this peer has set, removed from presence when it leaves. */
  readonly awarenessIds: Set<number>;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

const REMOTE = Symbol('remote-node');
const RECOVER_PAGE = 500;
const PEER_LEFT = Symbol('peer-left');

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

export class SharedDoc {
  readonly id: string;
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly peers = new Set<DocPeer>();
  /** Stream cursor: the last entry this node has seen (loaded or read). */
  lastId: string;
  readonly #stream: StreamLog;
  readonly #log: Logger;
  /** An append of ours failed, yet Redis may have stored it (reply lost at shutdown, or timed out). */
  #unsure = false;
  /** Id of our first append that succeeded after that failure: a stored failed append precedes it. */
  #fence: string | null = null;
  /** The running check for skipped own entries (see #recheckFrom). */
  #recheck: { after: string; again: boolean } | null = null;

  constructor(id: string, doc: Y.Doc, lastId: string, stream: StreamLog, log: Logger) {
    this.id = id;
    this.doc = doc;
    this.lastId = lastId;
    this.#stream = stream;
    this.#log = log;
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    doc.on('update', (update: Uint8Array, origin: unknown) => this.#broadcast(encodeUpdate(update), origin));
    this.awareness.on('update', (change: AwarenessChange, origin: unknown) => this.#handleAwareness(change, origin));
  }

  #broadcast(message: Uint8Array, except: unknown): void {
    for (const peer of this.peers) if (peer !== except) peer.send(message);
  }

  #handleAwareness({ added, updated, removed }: AwarenessChange, origin: unknown): void {
    const changed = [...added, ...updated, ...removed];
    if (this.peers.has(origin as DocPeer)) {
      const peer = origin as DocPeer;
      for (const id of added) peer.awarenessIds.add(id);
      for (const id of removed) peer.awarenessIds.delete(id);
    }
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    this.#broadcast(encodeAwareness(update), null);
  }

  /** Resolves once the update is in the stream and applied here; rejects if Redis failed (nothing applied). */
  async writeUpdate(peer: DocPeer, update: Uint8Array): Promise<void> {
    const issuedAfter = this.lastId;
    let id: string;
    try {
      id = await this.#stream.append(this.id, 'u', update);
    } catch (err) {
      this.#unsure = true;
      this.#fence = null;
      this.#recheckFrom(issuedAfter);
      throw err;
    }
    if (this.#unsure && this.#fence === null) this.#fence = id;
    try {
      Y.applyUpdate(this.doc, update, peer);
    } catch (err) {
      throw new ProtocolError(`update rejected by Yjs: ${(err as Error).message}`);
    }
    collabMetrics.updateApplied('local');
  }

  async writeAwareness(peer: DocPeer, update: Uint8Array): Promise<void> {
    await this.#stream.append(this.id, 'a', update);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
  }

  /**
   * Whether an update this node wrote may be missing here: the stream reader skips our own entries, but one
   * whose append failed was never applied locally, and the client may resync through another node that
   * already has it; without it every later edit building on it would stay pending here. Our appends all go
   * through one connection, in order, so a stored failed append comes before the fence.
   */
  mayLackOwn(entry: StreamEntry): boolean {
    if (!this.#unsure || entry.kind !== 'u') return false;
    if (this.#fence !== null && compareStreamIds(entry.id, this.#fence) >= 0) {
      this.#unsure = false;
      this.#fence = null;
      return false;
    }
    return true;
  }

  /**
   * mayLackOwn covers what the reader has yet to read; this covers what it read (and skipped as ours)
   * before the append's failure was known: a reply lost after Redis stored the entry. Any such entry
   * comes after `after`, the cursor when the append was sent. Re-applying an update is a no-op.
   * Failures while a check runs widen it and ask for one more pass instead of starting their own.
   */
  #recheckFrom(after: string): void {
    const r = this.#recheck;
    if (r) {
      if (compareStreamIds(after, r.after) < 0) r.after = after;
      r.again = true;
      return;
    }
    this.#recheck = { after, again: false };
    void this.#runRecheck();
  }

  async #runRecheck(attempt = 0): Promise<void> {
    const r = this.#recheck!;
    r.again = false;
    const upTo = this.lastId;
    try {
      const own: StreamEntry[] = [];
      for (let from = r.after; compareStreamIds(from, upTo) < 0; ) {
        const page = await this.#stream.range(this.id, from, RECOVER_PAGE);
        own.push(...page.filter((e) => e.kind === 'u' && e.node === this.#stream.nodeId && compareStreamIds(e.id, upTo) <= 0));
        if (page.length < RECOVER_PAGE) break;
        from = page[page.length - 1]!.id;
      }
      if (own.length > 0) this.applyRemote(own);
    } catch (err) {
      if (attempt >= 8) {
        this.#recheck = null;
        this.#log.error({ err }, 'could not check the stream for an update of ours whose append failed');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      return this.#runRecheck(attempt + 1);
    }
    if (r.again) return this.#runRecheck();
    this.#recheck = null;
  }

  /** A snapshot's state: what this node may have missed when entries were trimmed before it read them. */
  mergeSnapshot(state: Uint8Array): void {
    try {
      Y.applyUpdate(this.doc, state, REMOTE);
    } catch (err) {
      this.#log.error({ err }, 'snapshot merge failed');
    }
  }

  /**
   * Entries written by other nodes, in stream order. The updates go in one Yjs transaction, so local clients
   * get one message per batch instead of one per entry (fewer frames and syscalls under bursts).
   * Errors are contained to the entry.
   */
  applyRemote(entries: StreamEntry[]): void {
    const updates = entries.filter((e) => e.kind === 'u');
    if (updates.length > 0) {
      this.doc.transact(() => {
        for (const entry of updates) this.#applyRemoteEntry(entry);
      }, REMOTE);
    }
    for (const entry of entries) if (entry.kind !== 'u') this.#applyRemoteEntry(entry);
  }

  #applyRemoteEntry(entry: StreamEntry): void {
    try {
      if (entry.kind === 'u') {
        Y.applyUpdate(this.doc, entry.data, REMOTE);
        collabMetrics.updateApplied('remote');
        collabMetrics.propagated(entry.sentAt);
      } else if (entry.kind === 'a') {
        awarenessProtocol.applyAwarenessUpdate(this.awareness, entry.data, REMOTE);
      } else if (entry.kind === 'q') {
        this.publishLocalAwareness();
      } else if (entry.kind === 'c') {
        this.closeAll(CloseCode.documentClosed, entry.data.toString());
      }
    } catch (err) {
      collabMetrics.loopFailed('apply');
      this.#log.error({ err, entryId: entry.id, kind: entry.kind }, 'stream entry not applied');
    }
  }

  /** Re-sends this node's clients' presence, for a node that just loaded the document. */
  publishLocalAwareness(): void {
    const ids = [...this.peers].flatMap((p) => [...p.awarenessIds]).filter((id) => this.awareness.states.has(id));
    if (ids.length === 0) return;
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids);
    this.#stream.append(this.id, 'a', update).catch((err) => this.#log.warn({ err }, 'awareness republish failed'));
  }

  addPeer(peer: DocPeer): void {
    this.peers.add(peer);
  }

  /** Removes the peer and its presence, here and on the other nodes. */
  removePeer(peer: DocPeer): void {
    this.peers.delete(peer);
    const ids = [...peer.awarenessIds].filter((id) => this.awareness.states.has(id));
    if (ids.length === 0) return;
    awarenessProtocol.removeAwarenessStates(this.awareness, ids, PEER_LEFT);
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids);
    this.#stream.append(this.id, 'a', update).catch((err) => this.#log.warn({ err }, 'awareness removal not relayed'));
  }

  closeAll(code: number, reason: string): void {
    for (const peer of [...this.peers]) peer.close(code, reason);
  }

  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }
}
