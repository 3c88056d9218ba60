// Producers piped between the routers of one room (different workers) with pipeToRouter.
// One pipe per (producer, target router), reference-counted by the consumers that need it,
// and closed when the last of them goes.
import type { types } from 'mediasoup';
import type { RoomRouter } from './room-types.js';

interface LocalPipe {
  ready: Promise<void>;
  users: number;
  pipeConsumer?: types.Consumer;
  source?: RoomRouter;
}

export class LocalPipes {
  readonly #pipes = new Map<string, LocalPipe>();
  readonly #portRange: types.TransportPortRange | undefined;

  constructor(portRange?: types.TransportPortRange) {
    this.#portRange = portRange;
  }

  get count(): number {
    return this.#pipes.size;
  }

  /**
   * Makes `producerId` (living on `source`) available on `target` and holds it there until the
   * returned release function is called.
   */
  async acquire(producerId: string, source: RoomRouter, target: RoomRouter): Promise<() => void> {
    const key = `${producerId}|${target.router.id}`;
    let pipe = this.#pipes.get(key);
    if (!pipe) {
      const created: LocalPipe = { users: 0, ready: Promise.resolve() };
      created.ready = this.#open(key, created, producerId, source, target);
      this.#pipes.set(key, created);
      pipe = created;
    }
    pipe.users++;
    const held = pipe;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.#release(key, held);
    };
    try {
      await pipe.ready;
    } catch (err) {
      release();
      throw err;
    }
    return release;
  }

  async #open(key: string, pipe: LocalPipe, producerId: string, source: RoomRouter, target: RoomRouter) {
    try {
      const { pipeConsumer, pipeProducer } = await source.router.pipeToRouter({
        producerId,
        router: target.router,
        enableSctp: false,
        listenInfo: { protocol: 'udp', ip: '127.0.0.1', portRange: this.#portRange },
      });
      pipe.pipeConsumer = pipeConsumer!;
      pipe.source = source;
      source.slot.load.consumers++;
      pipeConsumer!.observer.once('close', () => {
        source.slot.load.consumers--;
        if (this.#pipes.get(key) === pipe) this.#pipes.delete(key);
      });
      pipeProducer!.observer.once('close', () => pipeConsumer!.close());
      if (pipe.users === 0) pipeConsumer!.close();
    } catch (err) {
      if (this.#pipes.get(key) === pipe) this.#pipes.delete(key);
      throw err;
    }
  }

  #release(key: string, pipe: LocalPipe): void {
    pipe.users--;
    if (pipe.users > 0) return;
    if (this.#pipes.get(key) === pipe) this.#pipes.delete(key);
    pipe.pipeConsumer?.close();
  }
}
