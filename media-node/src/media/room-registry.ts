// All rooms of this node, with epoch fencing: the highest epoch seen per room wins.
// Creation is serialised per room, so two concurrent requests never create a room twice.
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { LostRoom } from '../rpc/events.js';
import { Room, type RoomOptions } from './room.js';
import type { WorkerSlot } from './worker-pool.js';

export type RoomDefaults = Omit<RoomOptions, 'roomId' | 'epoch'>;

/** Epochs of closed rooms are remembered up to this many rooms (oldest forgotten first). */
const MAX_REMEMBERED_EPOCHS = 100_000;

export class RoomRegistry {
  readonly #defaults: RoomDefaults;
  readonly #isDraining: () => boolean;
  readonly #log: Logger;
  readonly #rooms = new Map<string, Room>();
  readonly #epochs = new Map<string, number>();
  readonly #creating = new Map<string, Promise<Room>>();

  constructor(defaults: RoomDefaults, isDraining: () => boolean, log: Logger) {
    this.#defaults = defaults;
    this.#isDraining = isDraining;
    this.#log = log;
  }

  get size(): number {
    return this.#rooms.size;
  }

  rooms(): Room[] {
    return [...this.#rooms.values()];
  }

  /**
   * Refuses an epoch lower than the highest seen; a higher one means signaling re-placed
   * the room, so the state of the older placement is closed.
   */
  fence(roomId: string, epoch: number): void {
    const known = this.#epochs.get(roomId);
    if (known !== undefined && epoch < known) {
      throw new AppError('STALE_EPOCH', `room ${roomId} is at epoch ${known}, request has ${epoch}`);
    }
    if (known === epoch) return;
    this.#epochs.delete(roomId);
    this.#epochs.set(roomId, epoch);
    if (this.#epochs.size > MAX_REMEMBERED_EPOCHS) this.#forgetOldEpoch();
    const old = this.#rooms.get(roomId);
    if (old && old.epoch < epoch) {
      this.#rooms.delete(roomId);
      old.close('replaced');
    }
  }

  /** The room, created when absent (refused while draining). */
  async getOrCreate(roomId: string, epoch: number): Promise<Room> {
    for (;;) {
      this.fence(roomId, epoch);
      const room = this.#rooms.get(roomId);
      if (room) return room.touch();
      const inflight = this.#creating.get(roomId);
      if (!inflight) return this.#create(roomId, epoch);
      await inflight.catch(() => undefined);
    }
  }

  assertAndGetRoom(roomId: string, epoch: number): Room {
    const room = this.findRoom(roomId, epoch);
    if (!room) throw new AppError('ROOM_NOT_FOUND', `room ${roomId} is not on this node`);
    return room.touch();
  }

  /** Fenced lookup without the not-found error (for idempotent closes). */
  findRoom(roomId: string, epoch: number): Room | undefined {
    this.fence(roomId, epoch);
    return this.#rooms.get(roomId);
  }

  closeRoom(roomId: string, epoch: number): void {
    const room = this.findRoom(roomId, epoch);
    if (!room) return;
    this.#rooms.delete(roomId);
    room.close('closed');
  }

  /** Closes rooms without a live transport or a command for `idleMs` (their peers left without a word); returns them. */
  reapIdle(idleMs: number, now = Date.now()): Room[] {
    const reaped: Room[] = [];
    for (const [roomId, room] of this.#rooms) {
      if (room.idleMs(now) < idleMs) continue;
      this.#rooms.delete(roomId);
      room.close('idle');
      reaped.push(room);
    }
    return reaped;
  }

  handleWorkerLost(slot: WorkerSlot): LostRoom[] {
    const lost: LostRoom[] = [];
    for (const room of this.#rooms.values()) {
      const l = room.handleWorkerLost(slot);
      if (l) lost.push(l);
    }
    return lost;
  }

  closeAll(): void {
    for (const room of this.#rooms.values()) room.close('closed');
    this.#rooms.clear();
  }

  async #create(roomId: string, epoch: number): Promise<Room> {
    if (this.#isDraining()) throw new AppError('DRAINING', 'node is draining; place the room elsewhere');
    const p = Room.create({ ...this.#defaults, roomId, epoch });
    this.#creating.set(roomId, p);
    try {
      const room = await p;
      if (this.#epochs.get(roomId) !== epoch) {
        room.close('replaced');
        throw new AppError('STALE_EPOCH', `room ${roomId} was re-placed while being created`);
      }
      this.#rooms.set(roomId, room);
      this.#log.info({ roomId, epoch }, 'room created');
      return room;
    } finally {
      this.#creating.delete(roomId);
    }
  }

  #forgetOldEpoch(): void {
    for (const roomId of this.#epochs.keys()) {
      if (this.#rooms.has(roomId)) continue;
      this.#epochs.delete(roomId);
      return;
    }
  }
}
