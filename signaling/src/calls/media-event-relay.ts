// Media-node events → clients. Every signaling node with peers in a room receives the room's events
// (it made requests for that room), so each one delivers them to its own sockets only.
import type { RpcEventData, RpcEventName } from '@coope/media-node/rpc';
import { socketRooms } from '../ids.js';
import type { Logger } from '../log.js';
import type { MediaFailover } from '../media/media-failover.js';
import type { MediaGateway } from '../media/media-gateway.js';
import { type Speaker, SpeakerAggregator } from '../media/speaker-aggregator.js';
import type { Metrics } from '../metrics.js';
import type { ClusterBus } from '../transport/cluster-bus.js';
import type { LocalPeers } from './local-peers.js';
import type { PeerSnapshots } from './peer-snapshots.js';
import type { PeerStore } from './peer-store.js';

/** Close reasons that signaling itself caused and already announced. */
const selfCaused = new Set(['closed', 'peer', 'room']);

export interface MediaEventRelayDeps {
  bus: ClusterBus;
  local: LocalPeers;
  store: PeerStore;
  media: MediaGateway;
  snapshots: PeerSnapshots;
  failover: MediaFailover;
  metrics: Metrics;
  log: Logger;
}

export class MediaEventRelay {
  /** Rooms spanning media nodes hear one dominant speaker, not each node's in turn. */
  readonly #speakers = new SpeakerAggregator();

  constructor(private readonly d: MediaEventRelayDeps) {}

  handle<E extends RpcEventName>(nodeId: string, event: E, data: RpcEventData<E>): void {
    try {
      this.#handle(nodeId, event, data as RpcEventData<RpcEventName>);
    } catch (err) {
      this.d.metrics.backgroundError('media-event');
      this.d.log.error({ err, event }, 'media event handling failed');
    }
  }

  #current(roomId: string, epoch: number): boolean {
    const known = this.d.media.knownEpoch(roomId);
    return known === undefined || known === epoch;
  }

  #handle(nodeId: string, event: RpcEventName, data: RpcEventData<RpcEventName>): void {
    const now = performance.now();
    switch (event) {
      case 'producerClosed':
        this.#producerClosed(data as RpcEventData<'producerClosed'>);
        return;
      case 'consumerClosed':
        this.#consumerClosed(data as RpcEventData<'consumerClosed'>);
        return;
      case 'transportClosed': {
        const e = data as RpcEventData<'transportClosed'>;
        const peer = e.peerId ? this.d.local.socketOf(e.peerId)?.data.peer : undefined;
        if (peer && peer.epoch === e.epoch && peer.transports.delete(e.transportId)) this.d.snapshots.schedule(peer);
        return;
      }
      case 'activeSpeaker': {
        const e = data as RpcEventData<'activeSpeaker'>;
        if (!this.#current(e.roomId, e.epoch)) return;
        this.#announce(e.roomId, this.#speakers.speaker(e.roomId, e.epoch, nodeId, e));
        return;
      }
      case 'audioLevels': {
        const e = data as RpcEventData<'audioLevels'>;
        if (!this.#current(e.roomId, e.epoch)) return;
        this.#announce(e.roomId, this.#speakers.levels(e.roomId, e.epoch, nodeId, e.volumes));
        return;
      }
      case 'workerLost':
        for (const room of (data as RpcEventData<'workerLost'>).rooms) {
          void this.d.failover.moveRoom(room.roomId, nodeId, 'worker', now, room.epoch).catch((err) => this.#failed(err));
        }
        return;
      case 'roomClosed': {
        // The node closed a room with no live transport. If the registry still has it there, its
        // peers (media gone for minutes) rebuild on a fresh epoch, which also drops stale producers.
        const e = data as RpcEventData<'roomClosed'>;
        if (e.reason !== 'idle') return;
        void this.d.failover.moveRoom(e.roomId, nodeId, 'idle', now, e.epoch).catch((err) => this.#failed(err));
        return;
      }
      case 'nodeDraining': {
        const e = data as RpcEventData<'nodeDraining'>;
        void this.d.failover.drainNode(nodeId, e.deadline).catch((err) => this.#failed(err));
        return;
      }
      case 'roomsNeedRehome':
        for (const roomId of (data as RpcEventData<'roomsNeedRehome'>).roomIds) {
          void this.d.failover.moveRoom(roomId, nodeId, 'drain', now).catch((err) => this.#failed(err));
        }
        return;
      default:
        return;
    }
  }

  #producerClosed(e: RpcEventData<'producerClosed'>): void {
    if (selfCaused.has(e.reason) || !e.peerId || !this.#current(e.roomId, e.epoch)) return;
    const owner = this.d.local.socketOf(e.peerId)?.data.peer;
    if (owner?.producers.delete(e.producerId)) this.d.snapshots.schedule(owner);
    this.d.store.deleteProducer(e.roomId, e.producerId).catch(() => this.d.metrics.backgroundError('media-event'));
    this.d.bus.toLocalRoom(socketRooms.call(e.roomId), 'producerClosed', { producerId: e.producerId, peerId: e.peerId });
  }

  #consumerClosed(e: RpcEventData<'consumerClosed'>): void {
    if (e.reason === 'closed' || !e.peerId) return;
    const socket = this.d.local.socketOf(e.peerId);
    const peer = socket?.data.peer;
    if (!socket || !peer || peer.epoch !== e.epoch || !peer.consumers.delete(e.consumerId)) return;
    this.d.snapshots.schedule(peer);
    socket.emit('consumerClosed', { consumerId: e.consumerId });
  }

  #announce(roomId: string, s: Speaker | undefined): void {
    if (s) this.d.bus.toLocalRoom(socketRooms.call(roomId), 'activeSpeaker', { peerId: s.peerId, producerId: s.producerId });
  }

  #failed(err: unknown): void {
    this.d.metrics.backgroundError('media-failover');
    this.d.log.error({ err }, 'room move failed');
  }
}
