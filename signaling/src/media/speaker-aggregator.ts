// Active speaker of rooms that span media nodes. Each node reports the dominant speaker among its own
// peers only (and their audio levels), so clients would hear every node's speaker in turn. This keeps
// each node's latest speaker and level per room and announces only the overall dominant one, with
// hysteresis. A room heard from one node only keeps that node's own choice, unchanged.

export interface Speaker {
  producerId: string;
  peerId: string | null;
}

interface NodeSpeaker extends Speaker {
  /** dBov of the speaker in the node's latest audio levels; -127 = silent. */
  volume: number;
  at: number;
}

interface RoomSpeakers {
  epoch: number;
  nodes: Map<string, NodeSpeaker>;
  current: (NodeSpeaker & { nodeId: string; since: number }) | undefined;
}

export interface SpeakerAggregatorOptions {
  /** A node's report older than this no longer counts. */
  staleMs?: number;
  /** A new speaker must be this many dB louder than the current one ... */
  marginDb?: number;
  /** ... unless the current one has held the floor at least this long and gone quiet. */
  minHoldMs?: number;
  now?: () => number;
}

const SILENT = -127;
const MAX_ROOMS = 10_000;

export class SpeakerAggregator {
  readonly #rooms = new Map<string, RoomSpeakers>();
  readonly #o: Required<SpeakerAggregatorOptions>;

  constructor(o: SpeakerAggregatorOptions = {}) {
    this.#o = { staleMs: 3_000, marginDb: 6, minHoldMs: 1_000, now: () => performance.now(), ...o };
  }

  /** A node's dominant speaker changed. Returns the speaker to announce, if the announcement changes. */
  speaker(roomId: string, epoch: number, nodeId: string, s: Speaker): Speaker | undefined {
    const room = this.#room(roomId, epoch);
    const prev = room.nodes.get(nodeId);
    const volume = prev?.producerId === s.producerId ? prev.volume : Math.max(prev?.volume ?? SILENT, -60);
    room.nodes.set(nodeId, { ...s, volume, at: this.#o.now() });
    const decided = this.#decide(room, nodeId);
    if (decided) return decided;
    // A node saying its current speaker again (for a peer that just joined) is passed on as well.
    const cur = room.current;
    return cur && cur.producerId === s.producerId ? { producerId: cur.producerId, peerId: cur.peerId } : undefined;
  }

  /** A node's audio levels (loudest first or not; empty = silence). */
  levels(roomId: string, epoch: number, nodeId: string, volumes: Array<Speaker & { volume: number }>): Speaker | undefined {
    const room = this.#rooms.get(roomId);
    const entry = room?.epoch === epoch ? room.nodes.get(nodeId) : undefined;
    if (!room || !entry) return undefined;
    entry.volume = volumes.find((v) => v.producerId === entry.producerId)?.volume ?? SILENT;
    entry.at = this.#o.now();
    return room.nodes.size > 1 ? this.#decide(room, nodeId) : undefined;
  }

  forgetRoom(roomId: string): void {
    this.#rooms.delete(roomId);
  }

  #room(roomId: string, epoch: number): RoomSpeakers {
    let room = this.#rooms.get(roomId);
    if (!room || room.epoch !== epoch) {
      if (!room && this.#rooms.size >= MAX_ROOMS) this.#rooms.delete(this.#rooms.keys().next().value!);
      room = { epoch, nodes: new Map(), current: undefined };
      this.#rooms.set(roomId, room);
    }
    return room;
  }

  #decide(room: RoomSpeakers, reportingNode: string): Speaker | undefined {
    const now = this.#o.now();
    for (const [nodeId, s] of room.nodes) if (now - s.at > this.#o.staleMs && nodeId !== reportingNode) room.nodes.delete(nodeId);
    let best: [string, NodeSpeaker] | undefined;
    for (const e of room.nodes) if (!best || e[1].volume > best[1].volume) best = e;
    if (!best) return undefined;
    const [nodeId, top] = best;
    const cur = room.current;
    // One node: its own choice goes out as it is.
    const single = room.nodes.size === 1;
    const curNow = cur ? room.nodes.get(cur.nodeId) : undefined;
    const curVolume = curNow?.producerId === cur?.producerId ? (curNow?.volume ?? SILENT) : SILENT;
    if (cur && cur.producerId === top.producerId) return undefined;
    const held = cur ? now - cur.since : Number.POSITIVE_INFINITY;
    // A silent current speaker yields after holding the floor a moment; a speaking one to a clearly louder voice.
    const louder = curVolume === SILENT ? held >= this.#o.minHoldMs && top.volume > SILENT : top.volume >= curVolume + this.#o.marginDb;
    if (cur && !single && !louder) return undefined;
    room.current = { ...top, nodeId, since: now };
    return { producerId: top.producerId, peerId: top.peerId };
  }
}
