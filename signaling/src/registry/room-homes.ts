// Multi-node rooms in the registry: a room has a primary media node plus extension nodes, all at the
// room's epoch, and each peer lives on one of them (its home). Every change is one Lua script.
import type { Redis } from 'ioredis';
import type { SignalingKeys } from '../keys.js';
import { claimDueMembers, LuaScript } from '../redis/lua-script.js';
import { assignHomeLua, dropNodeLua, releaseHomeLua, removeExtensionLua } from './home-scripts.js';
import type { Placement } from './room-registry.js';

/** How long an assignment counts before its peer shows up in roomPeers (a join in flight). */
const PENDING_MS = 30_000;

export interface AssignInput {
  /** Nodes this signaling node knows are dead: never a home. */
  dead: string[];
  /** Nodes at their consumer budget: no new peers. */
  full: string[];
  /** Fresh SERVING nodes, best first (power of two choices), for a new extension. */
  candidates: string[];
}

export type AssignResult = { kind: 'home'; nodeId: string; extended: boolean } | { kind: 'retry' } | { kind: 'none' };

export type DropResult =
  | { kind: 'dropped'; primary: string; epoch: number; peerIds: string[]; producers: Array<{ producerId: string; peerId: string }> }
  | { kind: 'single' | 'absent' | 'gone' };

export interface RoomNodes {
  primary: string;
  epoch: number;
  extensions: string[];
}

const scripts = {
  assign: new LuaScript(assignHomeLua),
  release: new LuaScript(releaseHomeLua),
  removeExtension: new LuaScript(removeExtensionLua),
  drop: new LuaScript(dropNodeLua),
};

export class RoomHomes {
  constructor(
    private readonly redis: Redis,
    private readonly keys: SignalingKeys,
    private readonly o: { maxPeersPerNode: number; emptyGraceMs: number },
  ) {}

  /** The peer's media node at the placement's epoch: kept, picked among the room's nodes, or a new extension. */
  async assign(at: Placement, peerId: string, input: AssignInput): Promise<AssignResult> {
    const k = this.keys;
    const keys = [k.room(at.roomId), k.roomPeers(at.roomId), k.roomMedia(at.roomId), k.nodesInUse(), k.emptyExtensions()];
    const args = [at.roomId, peerId, at.epoch, Date.now(), this.o.maxPeersPerNode, PENDING_MS, k.nodeRooms(''), JSON.stringify(input)];
    const r = (await scripts.assign.run(this.redis, keys, args)) as string[];
    if (r[0] === 'home') return { kind: 'home', nodeId: r[1]!, extended: r[2] === '1' };
    return { kind: r[0] === 'retry' ? 'retry' : 'none' };
  }

  /** The peer left the call; true when its extension node has no peers left (its grace period starts). */
  async release(roomId: string, peerId: string): Promise<boolean> {
    const k = this.keys;
    const keys = [k.roomPeers(roomId), k.roomMedia(roomId), k.emptyExtensions()];
    return (await scripts.release.run(this.redis, keys, [roomId, peerId, Date.now(), this.o.emptyGraceMs, PENDING_MS])) === 1;
  }

  /** The node a peer lives on: null when none is recorded (it is the primary's), '' when its node was lost. */
  async homeOf(roomId: string, peerId: string): Promise<string | null> {
    const v = await this.redis.hget(this.keys.roomMedia(roomId), `p:${peerId}`);
    return v ? v.slice(0, v.indexOf('|')) : null;
  }

  /** The room's primary and extension nodes; null when the room has no entry. */
  async nodes(roomId: string): Promise<RoomNodes | null> {
    const k = this.keys;
    const [[, cur], [, fields]] = (await this.redis.multi().hmget(k.room(roomId), 'node', 'epoch').hkeys(k.roomMedia(roomId)).exec()) as [
      [unknown, [string | null, string | null]],
      [unknown, string[]],
    ];
    if (!cur[0] || !cur[1]) return null;
    const extensions = fields.filter((f) => f.startsWith('n:')).map((f) => f.slice(2));
    return { primary: cur[0], epoch: Number(cur[1]), extensions };
  }

  /** Takes a lost node out of a multi-node room (same epoch); 'single' when it is the room's only node. */
  async drop(roomId: string, lostNodeId: string): Promise<DropResult> {
    const k = this.keys;
    const keys = [
      k.room(roomId), k.roomPeers(roomId), k.roomMedia(roomId), k.roomProducers(roomId), k.nodeRooms(lostNodeId), k.nodesInUse(), k.emptyExtensions(),
    ];
    const r = (await scripts.drop.run(this.redis, keys, [roomId, lostNodeId, Date.now(), PENDING_MS])) as string[];
    if (r[0] !== 'dropped') return { kind: r[0] as 'single' | 'absent' | 'gone' };
    const n = Number(r[3]);
    const producers = r.slice(4 + n).map((s) => {
      const [producerId = '', peerId = ''] = s.split(' ');
      return { producerId, peerId };
    });
    return { kind: 'dropped', primary: r[1]!, epoch: Number(r[2]), peerIds: r.slice(4, 4 + n), producers };
  }

  /** Extension nodes whose grace period without peers is over, leased to this node. */
  async claimEmptyExtensions(now = Date.now()): Promise<Array<{ roomId: string; nodeId: string }>> {
    const members = await claimDueMembers(this.redis, this.keys.emptyExtensions(), now, 5_000);
    return members.map((m) => {
      const i = m.lastIndexOf(' ');
      return { roomId: m.slice(0, i), nodeId: m.slice(i + 1) };
    });
  }

  /** Removes an extension node that still has no peers; returns the room's epoch when removed. */
  async removeExtension(roomId: string, nodeId: string): Promise<number | null> {
    const k = this.keys;
    const keys = [k.room(roomId), k.roomPeers(roomId), k.roomMedia(roomId), k.emptyExtensions(), k.nodeRooms(nodeId), k.nodesInUse()];
    const r = (await scripts.removeExtension.run(this.redis, keys, [roomId, nodeId, Date.now(), PENDING_MS])) as string[];
    return r[0] === 'removed' ? Number(r[1]) : null;
  }
}
