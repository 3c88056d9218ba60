// Room registry in Redis: room → media node + fencing epoch. Placement and moves are Lua scripts.
import type { MediaNodeRecord } from '@coope/media-node/keys';
import type { Redis } from 'ioredis';
import { AppError } from '../errors.js';
import type { SignalingKeys } from '../keys.js';
import { LuaScript, claimDueMembers } from '../redis/lua-script.js';
import { moveRoomLua, placeRoomLua, removeEmptyRoomLua } from './room-scripts.js';

export interface Placement {
  roomId: string;
  nodeId: string;
  epoch: number;
}

export type MoveResult = { moved: true; placement: Placement } | { moved: false; current: Placement | null };

export interface RoomRegistryOptions {
  /** Candidate media nodes for a new room, best first (see node-selector.ts). */
  candidates: () => MediaNodeRecord[];
  maxNewRoomsPerNodePerSec: number;
  emptyGraceMs: number;
}

const place = new LuaScript(placeRoomLua);
const move = new LuaScript(moveRoomLua);
const removeEmpty = new LuaScript(removeEmptyRoomLua);

export class RoomRegistry {
  readonly #redis: Redis;
  readonly #keys: SignalingKeys;
  readonly #opts: RoomRegistryOptions;

  constructor(redis: Redis, keys: SignalingKeys, opts: RoomRegistryOptions) {
    this.#redis = redis;
    this.#keys = keys;
    this.#opts = opts;
  }

  async lookup(roomId: string): Promise<Placement | null> {
    const [node, epoch] = await this.#redis.hmget(this.#keys.room(roomId), 'node', 'epoch');
    return node && epoch ? { roomId, nodeId: node, epoch: Number(epoch) } : null;
  }

  /** The room's placement; places it on a new node when it has none. */
  async lookupOrPlace(roomId: string): Promise<Placement & { placed: boolean }> {
    const known = await this.lookup(roomId);
    if (known) return { ...known, placed: false };
    for (let attempt = 0; attempt < 3; attempt++) {
      const candidates = this.#opts.candidates();
      if (candidates.length === 0) throw new AppError('NO_MEDIA_NODE', 'no media node is available');
      for (const c of candidates) {
        const r = await this.#tryPlace(roomId, c.id);
        if (r) return r;
      }
      // Every node took its share of new rooms this second: wait for the next one.
      await new Promise((resolve) => setTimeout(resolve, 1_000 - (Date.now() % 1_000) + 5));
    }
    throw new AppError('NO_MEDIA_NODE', 'media nodes are busy; try again');
  }

  async #tryPlace(roomId: string, nodeId: string): Promise<(Placement & { placed: boolean }) | null> {
    const k = this.#keys;
    const now = Date.now();
    const keys = [k.room(roomId), k.epochSeq(), k.emptyRooms(), k.nodesInUse(), k.nodeRooms(nodeId), k.placements(nodeId, Math.floor(now / 1000))];
    const args = [roomId, nodeId, this.#opts.maxNewRoomsPerNodePerSec, now, this.#opts.emptyGraceMs];
    const r = (await place.run(this.#redis, keys, args)) as string[];
    if (r[0] === 'capped') return null;
    return { roomId, nodeId: r[1]!, epoch: Number(r[2]), placed: r[0] === 'placed' };
  }

  /** Moves the room to `toNodeId` with a new epoch, if it is still at `from`. */
  async move(from: Placement, toNodeId: string): Promise<MoveResult> {
    const k = this.#keys;
    const keys = [k.room(from.roomId), k.epochSeq(), k.nodeRooms(from.nodeId), k.nodeRooms(toNodeId), k.roomProducers(from.roomId), k.nodesInUse(), k.roomMedia(from.roomId)];
    const r = (await move.run(this.#redis, keys, [from.roomId, from.nodeId, from.epoch, toNodeId, Date.now()])) as string[];
    if (r[0] === 'moved') return { moved: true, placement: { roomId: from.roomId, nodeId: toNodeId, epoch: Number(r[1]) } };
    if (r[0] === 'gone') return { moved: false, current: null };
    return { moved: false, current: { roomId: from.roomId, nodeId: r[1]!, epoch: Number(r[2]) } };
  }

  /** Whether this node is the one to schedule the moves of this drain (SET NX: exactly one caller wins). */
  async claimDrain(nodeId: string, deadline: number, ttlMs: number): Promise<boolean> {
    return (await this.#redis.set(this.#keys.drainClaim(nodeId, deadline), '1', 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK';
  }

  roomsOnNode(nodeId: string): Promise<string[]> {
    return this.#redis.smembers(this.#keys.nodeRooms(nodeId));
  }

  nodesInUse(): Promise<string[]> {
    return this.#redis.smembers(this.#keys.nodesInUse());
  }

  /** Marks a room as empty from now; its entry goes after the grace period unless someone joins. */
  async markEmpty(roomId: string): Promise<void> {
    await this.#redis.zadd(this.#keys.emptyRooms(), Date.now() + this.#opts.emptyGraceMs, roomId);
  }

  /** Empty rooms whose grace period is over, leased to this node. */
  claimExpiredEmptyRooms(now = Date.now()): Promise<string[]> {
    return claimDueMembers(this.#redis, this.#keys.emptyRooms(), now, 5_000);
  }

  /** Deletes the room's entry if it is still empty; returns what was removed (with its extension nodes). */
  async removeIfEmpty(roomId: string): Promise<(Placement & { extensions: string[] }) | null> {
    const placement = await this.lookup(roomId);
    const k = this.#keys;
    const nodeId = placement?.nodeId ?? '';
    const keys = [
      k.room(roomId), k.roomPeers(roomId), k.roomProducers(roomId), k.emptyRooms(), k.nodeRooms(nodeId), k.nodesInUse(), k.roomMedia(roomId), k.emptyExtensions(),
    ];
    const r = (await removeEmpty.run(this.#redis, keys, [roomId, nodeId, placement?.epoch ?? 0, k.nodeRooms('')])) as string[];
    return r[0] === 'removed' && placement ? { ...placement, extensions: r.slice(1) } : null;
  }
}
