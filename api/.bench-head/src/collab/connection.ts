// One client WebSocket on one document: limits, strict parsing, role checks, and writes queued in order
// behind their XADD. A bad frame closes this connection only.
import type { Logger } from 'pino';
import * as awarenessProtocol from 'y-protocols/awareness';
import { WebSocket } from 'ws';
import { CloseCode } from './close-codes.js';
import { collabMetrics, type RefusalReason } from './metrics.js';
import {
  type ClientMessage,
  encodeAck,
  encodeAwareness,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  hasNewContent,
  ProtocolError,
  parseClientMessage,
} from './protocol.js';
import { TokenBucket } from './rate-limiter.js';
import type { DocPeer, SharedDoc } from './shared-doc.js';
import type { CollabLimits, DocumentRole } from './types.js';

export interface ConnectionInit {
  ws: WebSocket;
  doc: SharedDoc;
  role: DocumentRole;
  limits: CollabLimits;
  log: Logger;
  /** Client asked for Coope ack messages (?ack=1). */
  ack: boolean;
  /** Called once, after the socket closed and the queued writes settled. */
  onClosed(): void;
}

export class CollabConnection implements DocPeer {
  readonly awarenessIds = new Set<number>();
  readonly #c: ConnectionInit;
  readonly #bucket: TokenBucket;
  #queue: Promise<void> = Promise.resolve();
  #pending = 0;
  #writes = 0;
  #deniedSent = false;
  #closing = false;
  #alive = true;

  constructor(init: ConnectionInit) {
    this.#c = init;
    this.#bucket = new TokenBucket(init.limits.messagesPerSecond, init.limits.burstMessages);
  }

  start(): void {
    const { ws, doc } = this.#c;
    collabMetrics.connectionOpened();
    doc.addPeer(this);
    ws.on('message', (data: Buffer, isBinary: boolean) => this.#handleMessage(data, isBinary));
    ws.on('close', () => this.#handleClose());
    ws.on('error', (err) => this.#c.log.debug({ err }, 'collab socket error'));
    ws.on('pong', () => {
      this.#alive = true;
    });
    this.send(encodeSyncStep1(doc.doc));
    const states = doc.awareness.getStates();
    if (states.size > 0) {
      this.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(doc.awareness, [...states.keys()])));
    }
  }

  send(message: Uint8Array): void {
    const { ws, limits } = this.#c;
    if (this.#closing || ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > limits.maxBufferedBytes) {
      this.#refuse('slow_client', CloseCode.tryAgainLater, 'client reads too slowly');
      return;
    }
    ws.send(message);
  }

  close(code: number, reason: string): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#c.ws.close(code, reason.slice(0, 120));
  }

  terminate(): void {
    this.#closing = true;
    this.#c.ws.terminate();
  }

  /** Called by the service's keep-alive timer: drops a client that missed the previous ping. */
  heartbeat(): void {
    if (!this.#alive) {
      this.#c.ws.terminate();
      return;
    }
    this.#alive = false;
    this.#c.ws.ping();
  }

  #refuse(reason: RefusalReason, code: number, message: string): void {
    collabMetrics.refused(reason);
    this.#c.log.info({ reason, code }, 'collab connection refused a message');
    this.close(code, message);
  }

  /** The refusal for a frame that must not be processed, or null. */
  #check(data: Buffer, isBinary: boolean): [RefusalReason, number, string] | null {
    const { limits } = this.#c;
    if (!isBinary) return ['malformed', CloseCode.malformed, 'text frames are not supported'];
    if (data.length > limits.maxMessageBytes) return ['too_large', CloseCode.messageTooLarge, 'message too large'];
    if (!this.#bucket.take() || this.#pending >= limits.maxPendingWrites) {
      return ['rate_limited', CloseCode.rateLimited, 'rate limit exceeded'];
    }
    return null;
  }

  #handleMessage(data: Buffer, isBinary: boolean): void {
    if (this.#closing) return;
    const refusal = this.#check(data, isBinary);
    if (refusal) {
      this.#refuse(...refusal);
      return;
    }
    let message: ClientMessage;
    try {
      message = parseClientMessage(data);
    } catch (err) {
      this.#refuse('malformed', CloseCode.malformed, `malformed message: ${(err as Error).message}`);
      return;
    }
    this.#pending++;
    this.#queue = this.#queue
      .then(() => this.#process(message))
      .catch((err) => this.#failed(err))
      .finally(() => {
        this.#pending--;
      });
  }

  async #process(message: ClientMessage): Promise<void> {
    const { doc } = this.#c;
    if (message.type === 'sync-step1') {
      this.send(encodeSyncStep2(doc.doc, message.stateVector));
    } else if (message.type === 'write') {
      await this.#write(message.update, message.empty);
    } else if (message.type === 'awareness') {
      if (!this.#closing) await doc.writeAwareness(this, message.update);
    } else if (message.type === 'query-awareness') {
      const ids = [...doc.awareness.getStates().keys()];
      this.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(doc.awareness, ids)));
    }
  }

  async #write(update: Uint8Array, empty: boolean): Promise<void> {
    if (this.#c.role === 'viewer') {
      // A stock viewer answers every sync step 1 with a step 2 that adds nothing; only real edits are refusals.
      if (!hasNewContent(update, this.#c.doc.doc)) return;
      collabMetrics.refused('viewer_write');
      if (!this.#deniedSent) this.send(encodePermissionDenied('viewers cannot edit this document'));
      this.#deniedSent = true;
      return;
    }
    // Writes that arrive after close are still persisted: the client may have sent them before it saw the close.
    if (!empty) await this.#c.doc.writeUpdate(this, update);
    this.#writes++;
    if (this.#c.ack) this.send(encodeAck(this.#writes));
  }

  #failed(err: unknown): void {
    if (err instanceof ProtocolError) {
      this.#refuse('malformed', CloseCode.malformed, err.message);
      return;
    }
    // Redis refused the append (nothing was applied) or Yjs rejected the update: the client resyncs later.
    this.#c.log.error({ err }, 'collab write failed');
    this.close(CloseCode.internalError, 'write failed, retry');
  }

  #handleClose(): void {
    this.#closing = true;
    this.#queue.finally(() => {
      this.#c.doc.removePeer(this);
      collabMetrics.connectionClosed();
      this.#c.onClosed();
    });
  }
}
