// Active speaker and audio levels of the audio producers that originate on this node
// (piped-in producers are reported by their origin node).
import type { types } from 'mediasoup';
import type { RoomState } from './room-state.js';

export class RoomObservers {
  readonly #state: RoomState;
  #speaker: types.ActiveSpeakerObserver | undefined;
  #levels: types.AudioLevelObserver | undefined;
  /** The latest dominant speaker's producer: the observer only reports changes. */
  #dominant: string | undefined;

  static async create(state: RoomState, router: types.Router): Promise<RoomObservers> {
    const o = new RoomObservers(state);
    o.#speaker = await router.createActiveSpeakerObserver({ interval: 300 });
    o.#levels = await router.createAudioLevelObserver({ maxEntries: 5, threshold: -70, interval: 800 });
    o.#speaker.on('dominantspeaker', ({ producer }) => o.#handleDominant(producer.id));
    o.#levels.on('volumes', (volumes) => o.#handleVolumes(volumes));
    o.#levels.on('silence', () => state.emit('audioLevels', { volumes: [] }));
    return o;
  }

  private constructor(state: RoomState) {
    this.#state = state;
  }

  /** Adds an audio producer of this router; closed producers leave the observers by themselves. */
  async add(producer: types.Producer): Promise<void> {
    if (producer.kind !== 'audio') return;
    await Promise.all([
      this.#speaker?.addProducer({ producerId: producer.id }),
      this.#levels?.addProducer({ producerId: producer.id }),
    ]);
  }

  /**
   * Says the current dominant speaker again (a peer that joined after it was chosen has not heard it; the
   * observer speaks only when it changes).
   */
  reannounce(): void {
    if (this.#dominant && this.#state.producers.has(this.#dominant)) this.#handleDominant(this.#dominant);
  }

  #handleDominant(producerId: string): void {
    this.#dominant = producerId;
    const peerId = this.#state.producers.get(producerId)?.peerId ?? null;
    this.#state.emit('activeSpeaker', { producerId, peerId });
  }

  #handleVolumes(volumes: types.AudioLevelObserverVolume[]): void {
    this.#state.emit('audioLevels', {
      volumes: volumes.map(({ producer, volume }) => ({
        producerId: producer.id,
        peerId: this.#state.producers.get(producer.id)?.peerId ?? null,
        volume,
      })),
    });
  }
}
