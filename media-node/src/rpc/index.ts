// @coope/media-node/rpc: the contract between signaling nodes and media nodes.
//
// Transport: one WebSocket per (signaling node, media node) at ws://<node>/rpc, JSON text frames.
// Auth: the upgrade must carry MEDIA_RPC_SECRET in the `x-media-rpc-secret` header
// (or `?secret=` in the query); anything else is answered 401 and never upgraded.
// Request {id, method, params} → reply {id, ok:true, result} | {id, ok:false, code, message}.
// Events {event, data}: room events go to each connection that made a request for that room;
// node-wide events (workerLost, nodeDraining, roomsNeedRehome) go to every connection.
// Fencing: room-scoped params carry {roomId, epoch}. A lower epoch than the node has seen for the
// room is refused with STALE_EPOCH; a higher one closes the old room state (roomClosed 'replaced').
export { type CloseInfo, MediaRpcClient, type MediaRpcClientOptions, RPC_SECRET_HEADER, RpcError } from './client.js';
export * from './envelope.js';
export * from './events.js';
export * from './media-schemas.js';
export * from './methods.js';
export { type PipeEndpoint, PipeLink } from './pipe-link.js';
