// Writes peers' media snapshots to Redis, coalescing many changes in one tick into one write.
// Not awaited by handlers: the snapshot only matters for a resume, and the next change rewrites it.
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { CallPeer } from './call-peer.js';
import type { PeerStore } from './peer-store.js';

export class PeerSnapshots {
  readonly #pending = new Set<CallPeer>();
  #scheduled = false;

  constructor(
    private readonly store: PeerStore,
    private readonly metrics: Metrics,
    private readonly log: Logger,
  ) {}

  schedule(peer: CallPeer): void {
    this.#pending.add(peer);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#scheduled = false;
    const peers = [...this.#pending];
    this.#pending.clear();
    for (const peer of peers) {
      const placement = { nodeId: peer.mediaNodeId, epoch: peer.epoch };
      this.store.saveMedia(peer.peerId, placement, peer.snapshot()).catch((err) => {
        this.metrics.backgroundError('peer-snapshot');
        this.log.debug({ err, peerId: peer.peerId }, 'peer snapshot not saved');
      });
    }
  }
}
