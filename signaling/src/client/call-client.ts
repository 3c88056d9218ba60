// The join flow on the client, shared by the web app and the Node bots: join, load the device, open
// transports, produce, pull existing producers, consume new ones (created paused, resumed here), and
// recover without user action from media-reset, a reconnect to another signaling node, or a failed transport.
import type { Producer, Transport } from 'mediasoup-client/types';
import type { MediaSource, PeerInfo, ProducerInfo, RtpCapabilities, ServerEventPayload } from '../protocol/index.js';
import type { CallClientEvents, CallClientOptions, IceServer } from './call-client-types.js';
import { DeviceCache } from './device-cache.js';
import { TypedEmitter } from './emitter.js';
import { type LocalTrack, MediaSession, type RemoteConsumer } from './media-session.js';
import { PeerRoster } from './peer-roster.js';
import { CallRequestError, callRequest, type ProtocolSocket } from './request.js';

export type { CallClientEvents, CallClientOptions } from './call-client-types.js';

interface CallState {
  roomId: string;
  peerId: string;
  resumeToken: string;
  epoch: number;
}

export class CallClient {
  readonly events = new TypedEmitter<CallClientEvents>();
  readonly #o: CallClientOptions;
  readonly #locals: LocalTrack[] = [];
  readonly #offs: Array<() => void> = [];
  readonly #roster = new PeerRoster((peers) => this.events.emit('peers', peers));
  #state: CallState | undefined;
  #session: MediaSession | undefined;
  /** TURN servers of the latest ticket; kept for rebuilds after a media reset. */
  #iceServers: IceServer[] = [];
  readonly #devices = new DeviceCache();
  #generation = 0;
  #disconnected = false;

  /** Subscribe to `events` first, then `start()`, to see the consumers created during the join too. */
  constructor(o: CallClientOptions) {
    this.#o = o;
  }

  /** Joins the call the ticket names and builds its media (`new CallClient(o)` + `start()`). */
  static async join(o: CallClientOptions): Promise<CallClient> {
    const client = new CallClient(o);
    await client.start();
    return client;
  }

  async start(): Promise<void> {
    this.#listen();
    try {
      await this.#join();
    } catch (err) {
      this.#unlisten();
      throw err;
    }
  }

  get roomId(): string | undefined {
    return this.#state?.roomId;
  }
  get peerId(): string | undefined {
    return this.#state?.peerId;
  }
  get epoch(): number | undefined {
    return this.#state?.epoch;
  }
  get session(): MediaSession | undefined {
    return this.#session;
  }
  /** The other peers in the call with their display names, kept current by peerJoined/peerLeft. */
  get peers(): PeerInfo[] {
    return this.#roster.list();
  }
  get consumers(): RemoteConsumer[] {
    return [...(this.#session?.consumers.values() ?? [])];
  }

  /** Sends a track; it is produced again by itself after every media reset. */
  async produce(track: MediaStreamTrack, source: MediaSource, options?: LocalTrack['options']): Promise<Producer> {
    const local: LocalTrack = options ? { track, source, options } : { track, source };
    this.#locals.push(local);
    if (!this.#session) throw new Error('not in a call');
    return this.#session.produce(local);
  }

  /** Stops sending a track (a screen share ending, say). */
  async stopProducing(track: MediaStreamTrack): Promise<void> {
    const i = this.#locals.findIndex((l) => l.track === track);
    if (i < 0) return;
    const [local] = this.#locals.splice(i, 1);
    const producer = local?.producer;
    if (!producer || producer.closed) return;
    producer.close();
    await this.#request('closeProducer', { producerId: producer.id });
  }

  resolveConflict(conflictId: string, choice: 'keep' | 'move'): Promise<unknown> {
    return this.#request('resolveSessionConflict', { conflictId, choice });
  }

  async leave(): Promise<void> {
    try {
      if (this.#state && this.#o.socket.connected) await this.#request('leave', {});
    } finally {
      this.#end('left');
    }
  }

  #timeout(): number {
    return this.#o.timeoutMs ?? 10_000;
  }

  #request<E extends Parameters<typeof callRequest>[1]>(event: E, payload: Parameters<typeof callRequest<E>>[2]) {
    return callRequest(this.#o.socket, event, payload, this.#timeout());
  }

  async #join(): Promise<void> {
    const issued = await this.#o.ticket();
    const ticket = typeof issued === 'string' ? issued : issued.token;
    if (typeof issued !== 'string') this.#iceServers = issued.iceServers ?? [];
    const device = this.#o.deviceLabel === undefined ? {} : { label: this.#o.deviceLabel };
    const payload = { ticket, device, ...(this.#o.takeover ? { takeover: true } : {}) };
    const ack = await callRequest(this.#o.socket, 'join', payload, this.#o.joinTimeoutMs ?? 45_000);
    this.#state = { roomId: ack.roomId, peerId: ack.peerId, resumeToken: ack.resumeToken, epoch: ack.epoch };
    this.#roster.reset(ack.peers, ack.peerId);
    await this.#build(ack.routerRtpCapabilities, ack.epoch, ++this.#generation);
  }

  /**
   * New transports, our tracks produced again, every existing producer consumed. Producing (send
   * transport) and consuming (receive transport) do not depend on each other, so they run together.
   */
  async #build(caps: RtpCapabilities, epoch: number, generation: number, mark: (phase: string, ms?: number) => void = () => {}): Promise<void> {
    const device = await this.#devices.get(caps, () => this.#o.createDevice());
    mark('device');
    const session = new MediaSession(
      epoch,
      device,
      this.#o.socket,
      this.#timeout(),
      { onTransportFailed: (t) => this.#recoverTransport(t) },
      { iceServers: this.#iceServers, iceTransportPolicy: this.#o.iceTransportPolicy },
    );
    await session.open({ send: this.#o.send ?? true, recv: this.#o.receive ?? true });
    mark('transports');
    if (generation !== this.#generation) {
      session.close();
      return;
    }
    this.#session = session;
    const produceAll = async () => {
      for (const local of this.#locals) await session.produce(local);
      mark('produced');
    };
    await Promise.all([produceAll(), this.#pullProducers(session).then(() => mark('consumed'))]);
    for (const [kind, ms] of Object.entries(session.rtts)) mark(`rtt.${kind}`, ms);
  }

  /** Consumes every producer of the call this session does not have; drops those that are gone. */
  async #pullProducers(session: MediaSession): Promise<void> {
    const { producers } = await this.#request('getExistingProducers', {});
    const live = new Set(producers.map((p) => p.producerId));
    for (const remote of [...session.consumers.values()]) {
      if (!live.has(remote.producerId)) this.#dropped(session.dropProducer(remote.producerId));
    }
    await Promise.all(producers.map((p) => this.#consume(session, p)));
  }

  async #consume(session: MediaSession, info: ProducerInfo): Promise<void> {
    if (this.#o.receive === false) return;
    try {
      const remote = await session.consume(info);
      if (remote) this.events.emit('consumer', remote);
    } catch (err) {
      this.events.emit('error', err as Error);
    }
  }

  #dropped(remote: RemoteConsumer | undefined): void {
    if (remote) this.events.emit('consumerClosed', remote);
  }

  /** media-reset, or a resume that found the room on a new node: throw the media away and rebuild it. */
  async #rebuild(caps: RtpCapabilities, epoch: number, reason: string): Promise<void> {
    const startedAt = performance.now();
    const phases: Record<string, number> = {};
    const mark = (phase: string, ms = performance.now() - startedAt) => {
      phases[phase] = ms;
    };
    const generation = ++this.#generation;
    if (this.#state) this.#state.epoch = epoch;
    this.#dropSession();
    let routerCaps = caps;
    for (let attempt = 0; ; attempt++) {
      try {
        // Without capabilities (or after a failed try) ask the server where the call is now.
        if ((!routerCaps.codecs?.length || attempt > 0) && this.#state) {
          const s = this.#state;
          const r = await this.#request('resume', { roomId: s.roomId, peerId: s.peerId, resumeToken: s.resumeToken });
          routerCaps = r.routerRtpCapabilities;
          s.epoch = r.epoch;
          this.#roster.reset(r.peers, s.peerId);
          mark(`resume${attempt}`);
        }
        await this.#build(routerCaps, this.#state?.epoch ?? epoch, generation, mark);
        if (generation === this.#generation) this.events.emit('mediaReset', { epoch, reason, durationMs: performance.now() - startedAt, phases });
        return;
      } catch (err) {
        if (generation !== this.#generation) return;
        this.#dropSession();
        if (attempt >= 4 || (err instanceof CallRequestError && err.code === 'SESSION_EXPIRED')) {
          this.events.emit('error', err as Error);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 250 * (attempt + 1)));
        if (generation !== this.#generation) return;
      }
    }
  }

  /** After a reconnect (maybe to another signaling node): take the peer session back. */
  async #resume(): Promise<void> {
    const s = this.#state;
    if (!s) return;
    try {
      const r = await this.#request('resume', { roomId: s.roomId, peerId: s.peerId, resumeToken: s.resumeToken });
      this.#roster.reset(r.peers, s.peerId);
      if (r.mediaReset || !this.#session || r.epoch !== this.#session.epoch) {
        await this.#rebuild(r.routerRtpCapabilities, r.epoch, 'resumed on a new media epoch');
      } else {
        await this.#pullProducers(this.#session);
      }
      this.events.emit('resumed', { mediaReset: r.mediaReset });
    } catch (err) {
      if (err instanceof CallRequestError && err.code === 'SESSION_EXPIRED') await this.#rejoin();
      else this.events.emit('error', err as Error);
    }
  }

  /** The session is gone (grace period over): join again with a fresh ticket. */
  async #rejoin(): Promise<void> {
    this.#dropSession();
    this.#state = undefined;
    try {
      await this.#join();
      this.events.emit('resumed', { mediaReset: true });
    } catch (err) {
      this.events.emit('error', err as Error);
      this.#end('expired');
    }
  }

  #recoverTransport(transport: Transport): void {
    const s = this.#state;
    if (!s) return;
    this.#request('resume', { roomId: s.roomId, peerId: s.peerId, resumeToken: s.resumeToken })
      .then(async (r) => {
        if (r.mediaReset || r.epoch !== this.#session?.epoch) return this.#rebuild(r.routerRtpCapabilities, r.epoch, 'transport failed');
        const { iceParameters } = await this.#request('restartIce', { transportId: transport.id });
        await transport.restartIce({ iceParameters: iceParameters as never });
      })
      .catch((err: Error) => this.events.emit('error', err));
  }

  #dropSession(): void {
    const session = this.#session;
    this.#session = undefined;
    for (const remote of session?.close() ?? []) this.events.emit('consumerClosed', remote);
  }

  #end(reason: CallClientEvents['ended']['reason']): void {
    this.#generation++;
    this.#dropSession();
    const wasIn = this.#state !== undefined;
    this.#state = undefined;
    this.#roster.clear();
    this.#unlisten();
    if (wasIn) this.events.emit('ended', { reason });
  }

  #listen(): void {
    const sock = this.#o.socket;
    const on = <E extends Parameters<ProtocolSocket['on']>[0]>(event: E, fn: Parameters<ProtocolSocket['on']>[1]) => {
      sock.on(event as never, fn as never);
      this.#offs.push(() => sock.off(event as never, fn as never));
    };
    on('newProducer', ((p: ProducerInfo) => {
      if (this.#session) void this.#consume(this.#session, p);
    }) as never);
    on('producerClosed', ((p: ServerEventPayload<'producerClosed'>) => this.#dropped(this.#session?.dropProducer(p.producerId))) as never);
    on('consumerClosed', ((p: ServerEventPayload<'consumerClosed'>) => this.#dropped(this.#session?.dropConsumer(p.consumerId))) as never);
    on('media-reset', ((p: ServerEventPayload<'media-reset'>) => {
      // rehome: only this peer's media node changed, at the same epoch.
      const s = this.#state;
      if (s && (p.epoch > s.epoch || (p.rehome === true && p.epoch === s.epoch))) void this.#rebuild(p.routerRtpCapabilities, p.epoch, p.reason);
    }) as never);
    on('session-moved', (() => this.#end('moved')) as never);
    on('session-conflict', ((c: ServerEventPayload<'session-conflict'>) => {
      const choice = this.#o.onSessionConflict?.(c);
      if (choice) void this.resolveConflict(c.conflictId, choice).catch((err: Error) => this.events.emit('error', err));
      else this.events.emit('sessionConflict', c);
    }) as never);
    on('peerJoined', ((p: PeerInfo) => this.#roster.add(p)) as never);
    on('peerLeft', ((p: ServerEventPayload<'peerLeft'>) => this.#roster.remove(p.peerId)) as never);
    for (const name of ['peerJoined', 'peerLeft', 'activeSpeaker', 'producerPaused', 'producerResumed'] as const) {
      on(name, ((p: never) => this.events.emit(name, p)) as never);
    }
    on('disconnect', (() => {
      this.#disconnected = true;
    }) as never);
    on('connect', (() => {
      if (!this.#disconnected) return;
      this.#disconnected = false;
      void this.#resume();
    }) as never);
  }

  #unlisten(): void {
    for (const off of this.#offs.splice(0)) off();
  }
}
