// Entries a room keeps per mediasoup entity, tagged with the peer that owns them.
import type { types } from 'mediasoup';
import type { RpcEvent } from '../rpc/envelope.js';
import type { RpcEventData } from '../rpc/events.js';
import type { WorkerSlot } from './worker-pool.js';

export type CloseReason = RpcEventData<'transportClosed'>['reason'];

/** Room events flow up through this function; the RPC server publishes them. */
export type EventSink = (event: RpcEvent) => void;

export interface RoomRouter {
  readonly router: types.Router;
  readonly slot: WorkerSlot;
}

export interface TransportEntry {
  readonly transport: types.Transport;
  readonly kind: 'webrtc' | 'plain' | 'pipe';
  readonly peerId: string | null;
  readonly rr: RoomRouter;
  /** Set for pipe transports to another node. */
  readonly remoteNodeId?: string;
  closeReason?: CloseReason;
}

export interface ProducerEntry {
  readonly producer: types.Producer;
  readonly peerId: string | null;
  readonly rr: RoomRouter;
  /** Set when the producer was piped in from another node. */
  readonly remoteNodeId?: string;
  closeReason?: CloseReason;
}

export interface ConsumerEntry {
  readonly consumer: types.Consumer;
  readonly peerId: string | null;
  readonly rr: RoomRouter;
  readonly transportId: string;
  /** Set for pipe consumers feeding another node. */
  readonly remoteNodeId?: string;
  closeReason?: CloseReason;
  /** Drops this consumer's hold on a local pipe (producer piped from another worker). */
  release?: () => void;
}
