// The options and events of CallClient (see call-client.ts).
import type { Device } from 'mediasoup-client';
import type { PeerInfo, ServerEventPayload } from '../protocol/index.js';
import type { RemoteConsumer } from './media-session.js';
import type { ProtocolSocket } from './request.js';

/** An RTCIceServer (no DOM types here: the bots run in Node). */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface TicketWithIce {
  token: string;
  iceServers?: IceServer[];
}

/** What every transport of a session is created with. */
export interface IceOptions {
  iceServers?: IceServer[];
  iceTransportPolicy?: 'all' | 'relay';
}

export interface CallClientOptions {
  socket: ProtocolSocket;
  /** e.g. `() => new Device({ handlerName: 'Chrome111' })`; called again when a media reset brings other router capabilities. */
  createDevice: () => Device | Promise<Device>;
  /**
   * A fresh call ticket from the api (asked again if the session expired and the call is re-joined),
   * with the TURN servers the api handed out alongside it.
   */
  ticket: () => string | TicketWithIce | Promise<string | TicketWithIce>;
  /** 'relay' sends all media through the ticket's TURN servers (networks that allow only TLS out). */
  iceTransportPolicy?: 'all' | 'relay';
  deviceLabel?: string;
  /** Move the call here from another device of the same user without asking it. */
  takeover?: boolean;
  send?: boolean;
  receive?: boolean;
  timeoutMs?: number;
  /** How long a join may wait for the user's other device to answer a session conflict. */
  joinTimeoutMs?: number;
  /** Answers `session-conflict` automatically (bots); without it the app answers via resolveConflict. */
  onSessionConflict?: (c: ServerEventPayload<'session-conflict'>) => 'keep' | 'move' | undefined;
}

export interface CallClientEvents {
  consumer: RemoteConsumer;
  consumerClosed: RemoteConsumer;
  peerJoined: ServerEventPayload<'peerJoined'>;
  peerLeft: ServerEventPayload<'peerLeft'>;
  /** The other peers of the call (see `peers`), after every change. */
  peers: PeerInfo[];
  activeSpeaker: ServerEventPayload<'activeSpeaker'>;
  producerPaused: ServerEventPayload<'producerPaused'>;
  producerResumed: ServerEventPayload<'producerResumed'>;
  sessionConflict: ServerEventPayload<'session-conflict'>;
  /**
   * Media rebuilt on a new node or epoch; `durationMs` from the notice to the rebuilt session, `phases`
   * the ms from the notice at which each step of the rebuild finished (for diagnosis).
   */
  mediaReset: { epoch: number; reason: string; durationMs: number; phases: Record<string, number> };
  resumed: { mediaReset: boolean };
  ended: { reason: 'left' | 'moved' | 'expired' };
  error: Error;
}
