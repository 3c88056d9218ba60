// One PipeLink (media-node RPC helper) per ordered pair of media nodes this signaling node pipes between.
// PipeLink is idempotent on the media nodes too, so several signaling nodes piping one producer agree.
import { type MediaRpcClient, PipeLink } from '@coope/media-node/rpc';
import { mapRpcError, type RoomPlacement } from './media-gateway.js';
import type { MediaNodes } from './media-nodes.js';

interface Entry {
  fromId: string;
  toId: string;
  link: PipeLink;
  from: MediaRpcClient;
  to: MediaRpcClient;
}

export class PipeLinks {
  readonly #nodes: MediaNodes;
  readonly #links = new Map<string, Entry>();
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(nodes: MediaNodes) {
    this.#nodes = nodes;
    nodes.onNodeLost((nodeId) => this.dropNode(nodeId));
  }

  /** Makes `producerId` (living on `fromNodeId`) consumable on `to.nodeId`, at the room's epoch. */
  async pipe(fromNodeId: string, to: RoomPlacement, producerId: string): Promise<void> {
    const [from, dest] = await Promise.all([this.#nodes.readyClient(fromNodeId), this.#nodes.readyClient(to.nodeId)]);
    const key = `${fromNodeId}\n${to.nodeId}`;
    let entry = this.#links.get(key);
    if (!entry || entry.from !== from || entry.to !== dest) {
      entry?.link.close();
      entry = { fromId: fromNodeId, toId: to.nodeId, link: new PipeLink({ nodeId: fromNodeId, client: from }, { nodeId: to.nodeId, client: dest }), from, to: dest };
      this.#links.set(key, entry);
    }
    // One pipe at a time per link and room: PipeLink connects the room's transport pair on first use.
    const qk = `${key}\n${to.roomId}`;
    const link = entry.link;
    const run = (this.#queues.get(qk) ?? Promise.resolve()).catch(() => {}).then(() => pipeWithRetry(link, to, producerId));
    this.#queues.set(qk, run);
    try {
      await run;
    } catch (err) {
      throw mapRpcError(err);
    } finally {
      if (this.#queues.get(qk) === run) this.#queues.delete(qk);
    }
  }

  /**
   * Closes the room's pipe transport on `on` toward `remoteNodeId` (a node that left the room): the
   * producers piped in from there close, and so do their consumers. createPipeTransport is idempotent
   * per (room, remote node), so it names the transport to close.
   */
  async closePipeTo(on: RoomPlacement, remoteNodeId: string): Promise<void> {
    const client = await this.#nodes.readyClient(on.nodeId);
    const scope = { roomId: on.roomId, epoch: on.epoch };
    const t = await client.call('createPipeTransport', { ...scope, remoteNodeId });
    await client.call('closeTransport', { ...scope, transportId: t.pipeTransportId });
  }

  /** Forgets every link to or from a lost node (a node that comes back gets fresh links). */
  dropNode(nodeId: string): void {
    for (const [key, entry] of this.#links) {
      if (entry.fromId !== nodeId && entry.toId !== nodeId) continue;
      entry.link.close();
      this.#links.delete(key);
    }
  }

  close(): void {
    for (const e of this.#links.values()) e.link.close();
    this.#links.clear();
  }
}

/**
 * Another signaling node may be connecting the same transport pair at this moment (the media node
 * then refuses the second connect): try again shortly, when the pair reports itself connected.
 */
async function pipeWithRetry(link: PipeLink, to: RoomPlacement, producerId: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await link.pipe(to.roomId, to.epoch, producerId);
      return;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (attempt >= 2 || code === 'STALE_EPOCH' || code === 'NOT_FOUND' || code === 'DISCONNECTED') throw err;
      await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
    }
  }
}
