// Peer sessions and call membership in Redis: what another signaling node needs to resume a peer,
// and what every node needs to answer getExistingProducers.
import type { Redis } from 'ioredis';
import type { SignalingKeys } from '../keys.js';
import type { PeerInfo, ProducerInfo } from '../protocol/index.js';
import { claimDueMembers, LuaScript } from '../redis/lua-script.js';
import type { RemoteEmit } from '../transport/cluster-adapter.js';
import type { PeerIdentity, PeerMedia } from './call-peer.js';
import { addPeerLua, attachLua, detachLua, hsetIfExistsLua, removePeerLua, setProducerLua, touchLua } from './peer-scripts.js';

export interface StoredPeer extends PeerIdentity {
  owner: string;
  epoch: number;
  mediaNodeId: string;
  media: PeerMedia;
}

export type AddPeerResult =
  | { kind: 'ok'; peers: PeerInfo[] }
  | { kind: 'retry' }
  | { kind: 'revoked' }
  | { kind: 'conflict'; oldPeerId: string; oldOwner: string };

export interface RemovedPeer {
  removed: boolean;
  roomEmpty: boolean;
  /** The script published the `announce` broadcast (only when the peer had no producers). */
  announced: boolean;
  producerIds: string[];
}

const scripts = {
  add: new LuaScript(addPeerLua),
  remove: new LuaScript(removePeerLua),
  attach: new LuaScript(attachLua),
  detach: new LuaScript(detachLua),
  touch: new LuaScript(touchLua),
  hsetIfExists: new LuaScript(hsetIfExistsLua),
  setProducer: new LuaScript(setProducerLua),
};

export class PeerStore {
  readonly #redis: Redis;
  readonly #keys: SignalingKeys;
  readonly #emptyGraceMs: number;

  constructor(redis: Redis, keys: SignalingKeys, opts: { emptyGraceMs: number }) {
    this.#redis = redis;
    this.#keys = keys;
    this.#emptyGraceMs = opts.emptyGraceMs;
  }

  /**
   * Adds the peer to the call at `epoch`, unless the ticket was revoked, the room moved, or the user's
   * other device is in it (and `force` is off). `announce` is published when the peer is added.
   */
  async add(peer: StoredPeer, o: { deadline: number; force: boolean; ticketJti: string | undefined; announce?: RemoteEmit }): Promise<AddPeerResult> {
    const { deadline, force } = o;
    const k = this.#keys;
    const revoked = k.revokedJti(o.ticketJti ?? `none:${peer.peerId}`);
    const keys = [k.room(peer.roomId), k.roomPeers(peer.roomId), k.emptyRooms(), k.peer(peer.peerId), k.peerDeadlines(), k.userCall(peer.userId, peer.roomId), revoked];
    const info: PeerInfo = { peerId: peer.peerId, userId: peer.userId, name: peer.name };
    const a = o.announce;
    const args: Array<string | number> = [peer.roomId, peer.peerId, peer.epoch, JSON.stringify(info), force ? '1' : '0', deadline, k.peer('')];
    args.push(a?.channel ?? '', a?.message ?? '');
    pushSessionFields(args, peer);
    const r = (await scripts.add.run(this.#redis, keys, args)) as [string, ...unknown[]];
    if (r[0] === 'retry') return { kind: 'retry' };
    if (r[0] === 'revoked') return { kind: 'revoked' };
    if (r[0] === 'conflict') return { kind: 'conflict', oldPeerId: String(r[1]), oldOwner: String(r[2]) };
    return { kind: 'ok', peers: parsePeers(r[1] as string[]) };
  }

  async load(peerId: string): Promise<StoredPeer | null> {
    const h = await this.#redis.hgetall(this.#keys.peer(peerId));
    if (!h.room) return null;
    return {
      peerId,
      roomId: h.room,
      userId: h.user ?? '',
      name: h.name ?? '',
      role: h.role ?? '',
      resumeToken: h.token ?? '',
      device: h.device ?? '',
      owner: h.owner ?? '',
      epoch: Number(h.epoch),
      mediaNodeId: h.node ?? '',
      media: JSON.parse(h.media ?? '{"transports":[],"producers":[],"consumers":[]}') as PeerMedia,
    };
  }

  async peers(roomId: string): Promise<PeerInfo[]> {
    const h = await this.#redis.hgetall(this.#keys.roomPeers(roomId));
    return Object.values(h).map((v) => JSON.parse(v) as PeerInfo);
  }

  async producers(roomId: string): Promise<ProducerInfo[]> {
    const h = await this.#redis.hgetall(this.#keys.roomProducers(roomId));
    return Object.entries(h).map(([producerId, v]) => ({ producerId, ...(JSON.parse(v) as Omit<ProducerInfo, 'producerId'>) }));
  }

  async producer(roomId: string, producerId: string): Promise<ProducerInfo | null> {
    const v = await this.#redis.hget(this.#keys.roomProducers(roomId), producerId);
    return v ? { producerId, ...(JSON.parse(v) as Omit<ProducerInfo, 'producerId'>) } : null;
  }

  /** Records a producer of the call at `epoch` (ignored if the room has moved on). */
  async setProducer(roomId: string, epoch: number, p: ProducerInfo): Promise<void> {
    const { producerId, ...rest } = p;
    const k = this.#keys;
    await scripts.setProducer.run(this.#redis, [k.room(roomId), k.roomProducers(roomId)], [epoch, producerId, JSON.stringify(rest)]);
  }

  async deleteProducer(roomId: string, producerId: string): Promise<void> {
    await this.#redis.hdel(this.#keys.roomProducers(roomId), producerId);
  }

  /** Writes the peer's media snapshot into its live session. */
  async saveMedia(peerId: string, placement: { nodeId: string; epoch: number }, media: PeerMedia): Promise<void> {
    const args = ['epoch', placement.epoch, 'node', placement.nodeId, 'media', JSON.stringify(media)];
    await scripts.hsetIfExists.run(this.#redis, [this.#keys.peer(peerId)], args);
  }

  async attach(peerId: string, owner: string, deadline: number): Promise<boolean> {
    const k = this.#keys;
    return (await scripts.attach.run(this.#redis, [k.peer(peerId), k.peerDeadlines()], [peerId, owner, deadline])) === 1;
  }

  async detach(peerId: string, owner: string, deadline: number): Promise<boolean> {
    const k = this.#keys;
    return (await scripts.detach.run(this.#redis, [k.peer(peerId), k.peerDeadlines()], [peerId, owner, deadline])) === 1;
  }

  /** Pushes the deadline of every session still owned by the given sockets. */
  async touch(owned: Array<{ peerId: string; owner: string }>, deadline: number): Promise<number> {
    if (owned.length === 0) return 0;
    const args: Array<string | number> = [deadline, this.#keys.peer('')];
    for (const o of owned) args.push(o.peerId, o.owner);
    return (await scripts.touch.run(this.#redis, [this.#keys.peerDeadlines()], args)) as number;
  }

  /** `announce` (peerLeft for the other nodes) is published by the script when the peer had no producers. */
  async remove(peer: { peerId: string; roomId: string; userId: string }, announce?: RemoteEmit): Promise<RemovedPeer> {
    const k = this.#keys;
    const keys = [k.peer(peer.peerId), k.roomPeers(peer.roomId), k.roomProducers(peer.roomId), k.peerDeadlines(), k.userCall(peer.userId, peer.roomId), k.emptyRooms()];
    const args = [peer.peerId, peer.roomId, Date.now() + this.#emptyGraceMs, announce?.channel ?? '', announce?.message ?? ''];
    const r = (await scripts.remove.run(this.#redis, keys, args)) as Array<number | string>;
    return { removed: r[0] === 1, roomEmpty: r[1] === 1, announced: r[2] === 1, producerIds: r.slice(3).map(String) };
  }

  /** Sessions whose deadline passed (no owner refreshed them), leased to this node. */
  claimExpired(now = Date.now()): Promise<string[]> {
    return claimDueMembers(this.#redis, this.#keys.peerDeadlines(), now, 5_000);
  }

  /** Forgets a deadline whose session no longer exists. */
  async dropDeadline(peerId: string): Promise<void> {
    await this.#redis.zrem(this.#keys.peerDeadlines(), peerId);
  }
}

const EMPTY_MEDIA_JSON = '{"transports":[],"producers":[],"consumers":[]}';

/** Appends the session hash fields (in place: one array per join instead of two plus a spread). */
function pushSessionFields(out: Array<string | number>, p: StoredPeer): void {
  const m = p.media;
  const media = m.transports.length + m.producers.length + m.consumers.length === 0 ? EMPTY_MEDIA_JSON : JSON.stringify(m);
  out.push('room', p.roomId, 'user', p.userId, 'name', p.name, 'role', p.role, 'token', p.resumeToken, 'device', p.device);
  out.push('owner', p.owner, 'epoch', p.epoch, 'node', p.mediaNodeId, 'media', media);
}

function parsePeers(flat: string[]): PeerInfo[] {
  const out: PeerInfo[] = [];
  for (let i = 1; i < flat.length; i += 2) out.push(JSON.parse(flat[i]!) as PeerInfo);
  return out;
}
