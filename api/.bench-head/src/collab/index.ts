// Live co-editing (issue 6): Yjs over y-protocols WebSockets, synced across api nodes through Redis streams.
export { CloseCode } from './close-codes.js';
export { type CollabServer, type CollabServerOptions, createCollabServer } from './collab-server.js';
export { CollabService } from './collab-service.js';
export { MessageType } from './protocol.js';
export { collabPlugin } from './plugin.js';
export { extractText } from './text-extract.js';
export type {
  CollabHandle,
  CollabLimits,
  CollabOptions,
  CollabUser,
  CompactionOptions,
  DocumentAccess,
  DocumentRole,
} from './types.js';
export { COLLAB_PROTOCOL } from './upgrade.js';
