// The routers of one room, at most one per worker. The first is the home router: send
// transports, pipe transports to other nodes and the observers live there. Receive
// transports go where the worker still has consumer budget.
import type { types } from 'mediasoup';
import type { RoomRouter } from './room-types.js';
import type { WorkerPool, WorkerSlot } from './worker-pool.js';

/** How long a room waits for a replacement worker when every worker is dead. */
const WORKER_WAIT_MS = 10_000;

export interface RoomRoutersOptions {
  pool: WorkerPool;
  mediaCodecs: types.RouterRtpCodecCapability[];
  consumersPerWorker: number;
  /** Called once per new home router (observers are attached there). */
  onHome(rr: RoomRouter): Promise<void>;
}

export class RoomRouters {
  readonly #opts: RoomRoutersOptions;
  readonly #byWorker = new Map<number, RoomRouter>();
  readonly #creating = new Map<number, Promise<RoomRouter>>();
  #home: RoomRouter | undefined;
  #homeCreating: Promise<RoomRouter> | undefined;
  #closed = false;

  constructor(opts: RoomRoutersOptions) {
    this.#opts = opts;
  }

  all(): RoomRouter[] {
    return [...this.#byWorker.values()];
  }

  /** The home router, created on the least-loaded worker when the room has none (new, or after a worker loss). */
  home(): Promise<RoomRouter> {
    if (this.#home) return Promise.resolve(this.#home);
    this.#homeCreating ??= this.#electHome().finally(() => {
      this.#homeCreating = undefined;
    });
    return this.#homeCreating;
  }

  /** Where a new receive transport goes: home if its worker has budget, else the least-loaded worker with budget. */
  async forRecv(): Promise<RoomRouter> {
    const home = await this.home();
    const budget = this.#opts.consumersPerWorker;
    const hasRoom = (s: WorkerSlot) => s.load.consumers < budget;
    if (hasRoom(home.slot)) return home;
    const inRoom = this.all()
      .filter((rr) => hasRoom(rr.slot))
      .sort((a, b) => a.slot.load.consumers - b.slot.load.consumers)[0];
    if (inRoom) return inRoom;
    const used = new Set(this.#byWorker.keys());
    const fresh = this.#opts.pool.alive
      .filter((s) => !used.has(s.index) && hasRoom(s))
      .sort((a, b) => a.load.consumers - b.load.consumers)[0];
    if (fresh) return this.#ensureOn(fresh);
    // Every worker is full: stay on the least-loaded router; the node record tells signaling to extend elsewhere.
    return this.all().sort((a, b) => a.slot.load.consumers - b.slot.load.consumers)[0] ?? home;
  }

  /** Forgets the router of a dead worker; returns it if the room had one there. */
  dropWorker(slot: WorkerSlot): RoomRouter | undefined {
    const rr = this.#byWorker.get(slot.index);
    if (!rr || rr.slot !== slot) return undefined;
    this.#byWorker.delete(slot.index);
    if (this.#home === rr) this.#home = undefined;
    return rr;
  }

  closeAll(): void {
    this.#closed = true;
    for (const rr of this.#byWorker.values()) rr.router.close();
    this.#byWorker.clear();
    this.#home = undefined;
  }

  async #electHome(): Promise<RoomRouter> {
    const existing = this.all()[0];
    const slot = existing?.slot ?? (await this.#opts.pool.waitLeastLoaded(WORKER_WAIT_MS));
    if (!slot) throw new Error('no live mediasoup worker');
    const rr = existing ?? (await this.#ensureOn(slot));
    await this.#opts.onHome(rr);
    this.#home = rr;
    return rr;
  }

  #ensureOn(slot: WorkerSlot): Promise<RoomRouter> {
    const have = this.#byWorker.get(slot.index);
    if (have && have.slot === slot) return Promise.resolve(have);
    let p = this.#creating.get(slot.index);
    if (!p) {
      p = this.#createOn(slot).finally(() => this.#creating.delete(slot.index));
      this.#creating.set(slot.index, p);
    }
    return p;
  }

  async #createOn(slot: WorkerSlot): Promise<RoomRouter> {
    const router = await slot.worker.createRouter({ mediaCodecs: this.#opts.mediaCodecs });
    if (this.#closed) {
      router.close();
      throw new Error('room closed');
    }
    const rr: RoomRouter = { router, slot };
    slot.load.routers++;
    router.observer.once('close', () => {
      slot.load.routers--;
    });
    this.#byWorker.set(slot.index, rr);
    return rr;
  }
}
