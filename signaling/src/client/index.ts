// @coope/signaling/client: the call helper shared by the web app and Node bots (browser-safe).
export { CallClient, type CallClientEvents, type CallClientOptions } from './call-client.js';
export type { IceServer, TicketWithIce } from './call-client-types.js';
export { TypedEmitter } from './emitter.js';
export type { LocalTrack, MediaSession, RemoteConsumer } from './media-session.js';
export { PeerRoster } from './peer-roster.js';
export { CallRequestError, callRequest, type ProtocolSocket, rotateUrlsOnReconnect } from './request.js';
