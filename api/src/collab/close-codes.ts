// WebSocket close codes sent by the collab endpoint. y-websocket's provider treats 4400-4499 as final
// (it stops reconnecting) and everything else as transient, so the choice of range is deliberate.
import { MEMBERSHIP_CHANGED_CLOSE_CODE } from './member-sessions.js';

export const CloseCode = {
  /** Server shutting down; the client reconnects (to another node behind the load balancer). */
  goingAway: 1001,
  /** The user's workspace role changed or was removed: transient, the client reconnects and is authorised again. */
  membershipChanged: MEMBERSHIP_CHANGED_CLOSE_CODE,
  /** The client reads too slowly; it reconnects and resyncs. */
  tryAgainLater: 1013,
  /** Malformed y-protocols or Yjs message, or a text frame. */
  malformed: 4400,
  /**
   * No token, or an invalid or expired one: refresh it, then reconnect. Also sent to the open connections
   * of a session that ended (logout, reused refresh token, password reset), whose refresh then fails.
   */
  unauthenticated: 4401,
  /** The user has no role on this document. */
  forbidden: 4403,
  /** The document was archived or deleted (closeDocument), or is archived at connect. */
  documentClosed: 4410,
  /** A message above limits.maxMessageBytes. */
  messageTooLarge: 4413,
  /** Storage (Redis) failed; the client's unacknowledged edits are resent on reconnect through sync. */
  internalError: 4500,
  /** Node at its document limit, or storage unreachable while loading: transient, the client retries. */
  unavailable: 4503,
  /** Rate limit: transient on purpose, the client backs off, reconnects and resyncs its edits. */
  rateLimited: 4529,
} as const;

export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];
