// The other peers of the call, from the join/resume acks and the peerJoined/peerLeft notifications.
import type { PeerInfo } from '../protocol/index.js';

export class PeerRoster {
  readonly #peers = new Map<string, PeerInfo>();

  constructor(private readonly onChange: (peers: PeerInfo[]) => void) {}

  list(): PeerInfo[] {
    return [...this.#peers.values()];
  }

  /** Replaces the roster with the server's list (join, resume). */
  reset(peers: readonly PeerInfo[], selfPeerId: string | undefined): void {
    this.#peers.clear();
    for (const p of peers) if (p.peerId !== selfPeerId) this.#peers.set(p.peerId, { peerId: p.peerId, userId: p.userId, name: p.name });
    this.onChange(this.list());
  }

  add(p: PeerInfo): void {
    this.#peers.set(p.peerId, { peerId: p.peerId, userId: p.userId, name: p.name });
    this.onChange(this.list());
  }

  remove(peerId: string): void {
    if (this.#peers.delete(peerId)) this.onChange(this.list());
  }

  clear(): void {
    if (this.#peers.size === 0) return;
    this.#peers.clear();
    this.onChange([]);
  }
}
