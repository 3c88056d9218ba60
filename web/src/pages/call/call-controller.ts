// One call on this device: joins through the shared signaling helper, keeps local tracks and remote
// tiles in signals for the UI, and shows "reconnecting" while the helper recovers by itself.
import { CallClient, CallRequestError, callRequest, type ProtocolSocket, type RemoteConsumer } from '@coope/signaling/client';
import type { MediaSource, PeerInfo, ServerEventPayload } from '@coope/signaling/protocol';
import { computed, signal } from '@preact/signals';
import { Device } from 'mediasoup-client';
import type { Producer } from 'mediasoup-client/types';
import { type CallTarget, getCallTicket } from '../../api/calls.js';
import { errorMessage } from '../../api/errors.js';
import { connectedSocket } from '../../realtime/connection.js';
import { callErrorMessage } from './call-error-message.js';
import { CAMERA_ENCODINGS, deviceLabel, getCamera, getMicrophone, getScreen, mediaErrorMessage } from './media.js';

export type CallPhase = 'joining' | 'in-call' | 'kept-elsewhere' | 'moved' | 'left' | 'failed';

export interface RemoteTrack {
  producerId: string;
  consumerId: string;
  peerId: string;
  source: MediaSource;
  track: MediaStreamTrack;
}

type LocalKind = 'mic' | 'camera' | 'screen';

export class CallController {
  readonly phase = signal<CallPhase>('joining');
  readonly error = signal<string | null>(null);
  /** Between a media-reset notice and the rebuilt media. */
  readonly #resetting = signal(false);
  /** The signaling socket is down (it reconnects, maybe to another node, and resumes). */
  readonly #socketDown = signal(false);
  /** A media transport lost its connection (the media node may be gone before any notice). */
  readonly #transportDown = signal(false);
  readonly reconnecting = computed(() => this.#resetting.value || this.#socketDown.value || this.#transportDown.value);
  readonly remotes = signal<RemoteTrack[]>([]);
  readonly paused = signal<Set<string>>(new Set());
  /** The other peers with their names, as the CallClient keeps them (`peers`). */
  readonly peers = signal<PeerInfo[]>([]);
  readonly names = computed(() => Object.fromEntries(this.peers.value.map((p) => [p.peerId, p.name])) as Record<string, string>);
  readonly activePeer = signal<string | null>(null);
  readonly micOn = signal(false);
  readonly camOn = signal(false);
  readonly local = signal<Partial<Record<LocalKind, MediaStreamTrack>>>({});
  readonly conflict = signal<ServerEventPayload<'session-conflict'> | null>(null);
  #client: CallClient | null = null;
  #socket: ProtocolSocket | null = null;
  readonly #producers = new Map<LocalKind, Producer>();
  readonly #layers = new Map<string, number>();
  readonly #offs: Array<() => void> = [];

  constructor(readonly target: CallTarget) {}

  get client(): CallClient | null {
    return this.#client;
  }

  async start(takeover = false): Promise<void> {
    this.phase.value = 'joining';
    this.error.value = null;
    try {
      const socket = await connectedSocket();
      this.#socket = socket;
      this.#watchSocket(socket);
      const client = new CallClient({
        socket,
        createDevice: () => new Device(),
        ticket: async () => {
          const { token, iceServers } = await getCallTicket(this.target);
          return { token, iceServers };
        },
        deviceLabel: deviceLabel(),
        takeover,
      });
      // Listen before joining: some news comes once, during the join (the current speaker is repeated
      // to a joining peer only then), and every consumer the join makes arrives as a `consumer` event.
      this.#client = client;
      this.#listen(client);
      await client.start();
      this.peers.value = client.peers;
      this.phase.value = 'in-call';
      await this.#startLocalMedia();
    } catch (err) {
      if (this.phase.value === 'joining') this.#teardown();
      this.#fail(err);
    }
  }

  #fail(err: unknown): void {
    if (err instanceof CallRequestError && err.code === 'SESSION_KEPT_ELSEWHERE') {
      this.phase.value = 'kept-elsewhere';
      return;
    }
    this.phase.value = 'failed';
    this.error.value = err instanceof CallRequestError ? callErrorMessage(err) : errorMessage(err);
  }

  async #startLocalMedia(): Promise<void> {
    const problems: string[] = [];
    try {
      await this.#produce('mic', await getMicrophone());
    } catch (err) {
      problems.push(mediaErrorMessage(err, 'microphone'));
    }
    try {
      await this.#produce('camera', await getCamera());
    } catch (err) {
      problems.push(mediaErrorMessage(err, 'camera'));
    }
    if (problems.length) this.error.value = problems.join(' ');
  }

  async #produce(kind: LocalKind, track: MediaStreamTrack): Promise<void> {
    const client = this.#client!;
    const options = kind === 'camera' ? { encodings: CAMERA_ENCODINGS, codecOptions: { videoGoogleStartBitrate: 1000 } } : undefined;
    const producer = await client.produce(track, kind, options);
    this.#producers.set(kind, producer);
    this.local.value = { ...this.local.value, [kind]: track };
    if (kind === 'mic') this.micOn.value = true;
    if (kind === 'camera') this.camOn.value = true;
  }

  async #unproduce(kind: LocalKind): Promise<void> {
    const track = this.local.value[kind];
    if (!track) return;
    const { [kind]: _, ...rest } = this.local.value;
    this.local.value = rest;
    this.#producers.delete(kind);
    track.stop();
    await this.#client?.stopProducing(track).catch(() => {});
  }

  /** Mute/unmute or camera off/on: pause the producer (and the track, which survives a media reset). */
  async toggle(kind: 'mic' | 'camera'): Promise<void> {
    const on = kind === 'mic' ? this.micOn : this.camOn;
    const track = this.local.value[kind];
    if (!track) {
      try {
        await this.#produce(kind, kind === 'mic' ? await getMicrophone() : await getCamera());
      } catch (err) {
        this.error.value = mediaErrorMessage(err, kind === 'mic' ? 'microphone' : 'camera');
      }
      return;
    }
    const next = !on.value;
    on.value = next;
    track.enabled = next;
    const producer = this.#producers.get(kind);
    if (!producer || producer.closed || !this.#socket) return;
    if (next) producer.resume();
    else producer.pause();
    await callRequest(this.#socket, next ? 'resumeProducer' : 'pauseProducer', { producerId: producer.id }, 5000).catch(() => {});
  }

  async switchDevice(kind: 'mic' | 'camera', deviceId: string): Promise<void> {
    try {
      const track = kind === 'mic' ? await getMicrophone(deviceId) : await getCamera(deviceId);
      await this.#unproduce(kind);
      await this.#produce(kind, track);
    } catch (err) {
      this.error.value = mediaErrorMessage(err, kind === 'mic' ? 'microphone' : 'camera');
    }
  }

  async toggleScreen(): Promise<void> {
    if (this.local.value.screen) return this.#unproduce('screen');
    try {
      const track = await getScreen();
      track.addEventListener('ended', () => void this.#unproduce('screen'));
      await this.#produce('screen', track);
    } catch (err) {
      if ((err as { name?: string }).name !== 'NotAllowedError') this.error.value = mediaErrorMessage(err, 'screen');
    }
  }

  /** Asks the server for the simulcast layer that fits the tile (only when it changes). */
  setLayer(consumerId: string, spatialLayer: number): void {
    if (this.#layers.get(consumerId) === spatialLayer || !this.#socket) return;
    this.#layers.set(consumerId, spatialLayer);
    void callRequest(this.#socket, 'setPreferredLayers', { consumerId, spatialLayer }, 5000).catch(() => this.#layers.delete(consumerId));
  }

  async resolveConflict(choice: 'keep' | 'move'): Promise<void> {
    const c = this.conflict.value;
    this.conflict.value = null;
    if (c) await this.#client?.resolveConflict(c.conflictId, choice).catch((err: unknown) => (this.error.value = errorMessage(err)));
  }

  async leave(): Promise<void> {
    await this.#client?.leave().catch(() => {});
    this.#teardown();
    this.phase.value = 'left';
  }

  #teardown(): void {
    for (const off of this.#offs.splice(0)) off();
    for (const t of Object.values(this.local.value)) t?.stop();
    this.local.value = {};
    this.#producers.clear();
    this.remotes.value = [];
    this.#client = null;
    this.#resetting.value = false;
    this.#socketDown.value = false;
    this.#transportDown.value = false;
    this.micOn.value = false;
    this.camOn.value = false;
  }

  dispose(): void {
    if (this.phase.value === 'in-call') void this.#client?.leave().catch(() => {});
    this.#teardown();
  }

  #addRemote(r: RemoteConsumer): void {
    const t: RemoteTrack = { producerId: r.producerId, consumerId: r.consumer.id, peerId: r.peerId, source: r.source, track: r.consumer.track };
    this.remotes.value = [...this.remotes.value.filter((x) => x.producerId !== r.producerId), t];
  }

  #removeRemote(r: RemoteConsumer): void {
    this.#layers.delete(r.consumer.id);
    this.remotes.value = this.remotes.value.filter((x) => x.producerId !== r.producerId);
  }

  #setPaused(producerId: string, paused: boolean): void {
    const next = new Set(this.paused.value);
    if (paused) next.add(producerId);
    else next.delete(producerId);
    this.paused.value = next;
  }

  #listen(client: CallClient): void {
    const e = client.events;
    const on = <K extends Parameters<typeof e.on>[0]>(k: K, fn: Parameters<typeof e.on<K>>[1]) => {
      this.#offs.push(e.on(k, fn));
    };
    on('consumer', (r) => this.#addRemote(r));
    on('consumerClosed', (r) => this.#removeRemote(r));
    on('peers', (peers) => (this.peers.value = peers));
    on('peerLeft', (p) => {
      this.remotes.value = this.remotes.value.filter((x) => x.peerId !== p.peerId);
    });
    on('activeSpeaker', (p) => (this.activePeer.value = p.peerId));
    on('producerPaused', (p) => this.#setPaused(p.producerId, true));
    on('producerResumed', (p) => this.#setPaused(p.producerId, false));
    on('sessionConflict', (c) => (this.conflict.value = c));
    on('mediaReset', () => {
      this.#resetting.value = false;
    });
    on('resumed', () => {
      this.#socketDown.value = false;
    });
    on('ended', ({ reason }) => {
      this.#teardown();
      this.phase.value = reason === 'moved' ? 'moved' : reason === 'expired' ? 'failed' : 'left';
      if (reason === 'expired') this.error.value = 'The call ended because the connection was lost for too long.';
    });
    on('error', (err) => {
      if (this.phase.value === 'in-call') this.error.value = errorMessage(err);
    });
  }

  /** The notice arrives before the helper has rebuilt the media: show it at once. */
  #watchSocket(socket: ProtocolSocket): void {
    const onReset = () => {
      this.#resetting.value = true;
    };
    const onDown = () => {
      this.#socketDown.value = true;
    };
    const onUp = () => {
      // Without a call session (joining, or after it) there is nothing to resume.
      if (this.phase.value !== 'in-call') this.#socketDown.value = false;
    };
    socket.on('media-reset', onReset);
    socket.on('disconnect', onDown);
    socket.on('connect', onUp);
    // Transport state has no event that survives a rebuild (new transports), so look once a second.
    const timer = setInterval(() => {
      const session = this.#client?.session;
      const states = [session?.sendTransport?.connectionState, session?.recvTransport?.connectionState];
      this.#transportDown.value = states.some((st) => st === 'disconnected' || st === 'failed');
    }, 1000);
    this.#offs.push(() => {
      clearInterval(timer);
      socket.off('media-reset', onReset);
      socket.off('disconnect', onDown);
      socket.off('connect', onUp);
    });
  }
}
