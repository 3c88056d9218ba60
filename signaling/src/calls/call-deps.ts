// What the call flows (join, resume, media handlers, closing) share.
import type { TokenVerifier } from '../auth/token-verifier.js';
import type { Logger } from '../log.js';
import type { MediaGateway, RoomPlacement } from '../media/media-gateway.js';
import type { MultiNodeRooms } from '../media/multi-node-rooms.js';
import type { Metrics } from '../metrics.js';
import type { RoomRegistry } from '../registry/room-registry.js';
import type { ClusterBus } from '../transport/cluster-bus.js';
import type { LocalPeers } from './local-peers.js';
import type { PeerCloser } from './peer-closer.js';
import type { PeerSnapshots } from './peer-snapshots.js';
import type { PeerStore } from './peer-store.js';
import type { SessionConflicts } from './session-conflicts.js';

export interface CallDeps {
  verifier: TokenVerifier;
  registry: RoomRegistry;
  store: PeerStore;
  media: MediaGateway;
  bus: ClusterBus;
  local: LocalPeers;
  closer: PeerCloser;
  conflicts: SessionConflicts;
  snapshots: PeerSnapshots;
  metrics: Metrics;
  log: Logger;
  /** The room's placement (from this node's cache unless `fresh`), moved first when its media node is known dead. */
  placeRoom: (roomId: string, fresh: boolean) => Promise<RoomPlacement>;
  /**
   * The room's current placement (null when the room is gone), moved first when its node is dead.
   * With `peerId`: the placement on that peer's home node (assigned when it has none or it died).
   */
  currentPlacement: (roomId: string, peerId?: string) => Promise<RoomPlacement | null>;
  /** Rooms spread over several media nodes: peer homes, piping producers between the room's nodes. */
  multi: MultiNodeRooms;
  /** Benchmark baseline: check the ticket's jti in its own round trip before the join script. */
  separateDenylistCheck?: boolean;
  /** True when this node knows the media node is dead (its rooms are being moved). */
  isNodeDead: (nodeId: string) => boolean;
  /** Deadline of an attached session (refreshed by the heartbeat). */
  attachedDeadline: () => number;
}
