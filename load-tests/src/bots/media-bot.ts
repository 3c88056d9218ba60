// One bot: a real participant that joins through the shared call client (@coope/signaling/client) over
// socket.io, sends real VP8 + opus made by wrtc from generated frames, and checks from its inbound-rtp
// stats that it receives every remote stream. It records when media first flowed and when it flowed
// again after each media reset or signaling resume.
import { CallClient, type ProtocolSocket, rotateUrlsOnReconnect } from '@coope/signaling/client';
import { protocolParser } from '@coope/signaling/protocol';
import { Device } from 'mediasoup-client';
import { io } from 'socket.io-client';
import type { BotIdentity } from './identities.js';
import { allFlowing, type InboundStream, inboundBySsrc } from './inbound-media.js';
import { type SyntheticMedia, type SyntheticMediaOptions, startSyntheticMedia } from './synthetic-media.js';
import { installWrtcGlobals } from './wrtc-globals.js';

installWrtcGlobals();

export interface MediaBotOptions {
  identity: BotIdentity;
  /** Every signaling URL; the bot starts on `urlIndex` and moves to the next one when a node dies. */
  signalingUrls: readonly string[];
  urlIndex?: number;
  media?: SyntheticMediaOptions;
  /** Remote streams to expect (e.g. (roomSize - 1) * 2); until then media does not count as flowing. */
  expectedStreams?: number;
  statsIntervalMs?: number;
  timeoutMs?: number;
}

export interface BotRecord {
  joinMs: number;
  /** Epoch ms of the first sample where every expected stream flowed. */
  firstMediaAt: number | null;
  /** Media resets and resumes: when the client finished rebuilding, and when media flowed again. */
  recoveries: { kind: 'media-reset' | 'resume'; at: number; mediaBackAt: number | null }[];
  /** Every sample where media flowed after one where it did not (outages end here), with its transport. */
  flowStarts: { at: number; transportId: string }[];
  /** Gaps in received media: from the last sample that flowed to the first that flowed again. */
  outages: { from: number; to: number }[];
  errors: string[];
  ended: string | null;
}

export class MediaBot {
  readonly record: BotRecord = { joinMs: 0, firstMediaAt: null, recoveries: [], flowStarts: [], outages: [], errors: [], ended: null };
  #flowing = false;
  #lastFlowingAt: number | null = null;
  #prev = new Map<number, InboundStream>();
  #prevTransport: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  #polling = false;

  private constructor(
    /** The signaling URL the bot first connected to. */
    readonly firstUrl: string,
    readonly identity: BotIdentity,
    readonly socket: ProtocolSocket,
    readonly client: CallClient,
    readonly media: SyntheticMedia,
    readonly expectedStreams: number,
  ) {}

  static async start(o: MediaBotOptions): Promise<MediaBot> {
    const urls = rotate(o.signalingUrls, o.urlIndex ?? 0);
    const socket = io(urls[0]!, {
      transports: ['websocket'],
      parser: protocolParser,
      auth: { token: o.identity.accessToken },
      reconnectionDelay: 100,
      reconnectionDelayMax: 1000,
      forceNew: true,
    }) as ProtocolSocket;
    rotateUrlsOnReconnect(socket, urls);
    const media = startSyntheticMedia(o.media);
    const started = performance.now();
    try {
      await connected(socket, o.timeoutMs ?? 15_000);
      const client = await CallClient.join({
        socket,
        createDevice: () => new Device({ handlerName: 'Chrome111' }),
        ticket: () => o.identity.ticket(),
        deviceLabel: 'bot',
        onSessionConflict: () => 'move',
        timeoutMs: o.timeoutMs ?? 15_000,
      });
      const bot = new MediaBot(urls[0]!, o.identity, socket, client, media, o.expectedStreams ?? 0);
      bot.record.joinMs = performance.now() - started;
      if (media.audioTrack) await client.produce(media.audioTrack, 'mic');
      if (media.videoTrack) await client.produce(media.videoTrack, 'camera');
      bot.#watch(o.statsIntervalMs ?? 250);
      return bot;
    } catch (err) {
      media.stop();
      socket.disconnect();
      throw err;
    }
  }

  /** Every expected remote stream received bytes (and video frames) at the last stats sample. */
  get flowing(): boolean {
    return this.#flowing;
  }

  /** Media flowed at some sample within the last `ms` (one slow sample on a busy machine is no outage). */
  flowedWithin(ms: number): boolean {
    return this.#lastFlowingAt !== null && Date.now() - this.#lastFlowingAt <= ms;
  }

  async leave(): Promise<void> {
    clearInterval(this.#timer);
    try {
      await this.client.leave();
    } catch {}
    this.media.stop();
    this.socket.disconnect();
  }

  #watch(intervalMs: number): void {
    const onRecovery = (kind: 'media-reset' | 'resume') => {
      this.record.recoveries.push({ kind, at: Date.now(), mediaBackAt: null });
    };
    this.client.events.on('mediaReset', () => onRecovery('media-reset'));
    this.client.events.on('resumed', () => onRecovery('resume'));
    this.client.events.on('error', (err) => this.record.errors.push(err.message));
    this.client.events.on('ended', ({ reason }) => {
      this.record.ended = reason;
    });
    this.#timer = setInterval(() => void this.#sample(), intervalMs);
  }

  async #sample(): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      const recv = this.client.session?.recvTransport;
      if (!recv || recv.closed) return;
      const now = inboundBySsrc(await recv.getStats());
      // A new transport (after a reset) starts its counters from zero.
      const prev = recv.id === this.#prevTransport ? this.#prev : new Map<number, InboundStream>();
      const ssrcs = this.client.consumers.flatMap((c) => c.consumer.rtpParameters.encodings?.map((e) => e.ssrc ?? -1) ?? []);
      const flowing = ssrcs.length >= this.expectedStreams && allFlowing(prev, now, ssrcs);
      const wasFlowing = this.#flowing;
      this.#prev = now;
      this.#prevTransport = recv.id;
      this.#flowing = flowing;
      if (!flowing) return;
      const at = Date.now();
      if (!wasFlowing) {
        this.record.flowStarts.push({ at, transportId: recv.id });
        if (this.#lastFlowingAt !== null) this.record.outages.push({ from: this.#lastFlowingAt, to: at });
      }
      this.#lastFlowingAt = at;
      this.record.firstMediaAt ??= at;
      for (const r of this.record.recoveries) r.mediaBackAt ??= at;
    } catch (err) {
      this.record.errors.push(`stats: ${(err as Error).message}`);
    } finally {
      this.#polling = false;
    }
  }
}

function rotate<T>(items: readonly T[], start: number): T[] {
  return items.map((_, i) => items[(start + i) % items.length]!);
}

function connected(socket: ProtocolSocket, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('signaling connect timeout')), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (err: Error) => {
      clearTimeout(timer);
      reject(new Error(`signaling refused the connection: ${err.message}`));
    });
  });
}
