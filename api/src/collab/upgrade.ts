// HTTP upgrade for /collab/:documentId: token (query or Sec-WebSocket-Protocol), role, document slot,
// all checked before the 101 so a refused client gets a plain HTTP status.
import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { WebSocket, WebSocketServer } from 'ws';
import { CapacityError, type DocRegistry } from './doc-registry.js';
import { CloseCode } from './close-codes.js';
import { collabMetrics, type RefusalReason } from './metrics.js';
import type { SharedDoc } from './shared-doc.js';
import type { CollabOptions, CollabUser, DocumentRole } from './types.js';

/** Sub-protocol the server selects; clients pass ['coope-collab', 'bearer.<jwt>'] as protocols. */
export const COLLAB_PROTOCOL = 'coope-collab';
const BEARER = 'bearer.';
const PATH = /^\/collab\/([0-9A-Za-z_-]{1,36})$/;

export interface UpgradeRequest {
  documentId: string;
  token: string | null;
  ack: boolean;
}

/** Null when the path is not ours. */
export function parseUpgradeRequest(req: IncomingMessage): UpgradeRequest | null {
  const url = new URL(req.url ?? '/', 'http://collab.invalid');
  const match = PATH.exec(url.pathname);
  if (!match) return null;
  const protocols = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const fromProtocol = protocols.find((p) => p.startsWith(BEARER))?.slice(BEARER.length) ?? null;
  return {
    documentId: match[1]!,
    token: url.searchParams.get('token') || fromProtocol,
    ack: url.searchParams.get('ack') === '1',
  };
}

export function rejectUpgrade(socket: Duplex, status: number): void {
  if (!socket.destroyed) {
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }
  socket.destroy();
}

export interface Admitted {
  user: CollabUser;
  role: DocumentRole;
  doc: SharedDoc;
}

/**
 * A refusal is sent as a close code after the handshake, not as an HTTP status: browsers cannot read the
 * status of a failed upgrade, and y-websocket stops retrying on 44xx codes but retries forever on HTTP errors.
 */
export type Admission = { ok: true; admitted: Admitted } | { ok: false; code: number; reason: string };

type AdmitDeps = Pick<CollabOptions, 'verifyAccessToken' | 'access'> & { registry: DocRegistry; log: Logger };

function refuse(reason: RefusalReason, code: number, text: string): Admission {
  collabMetrics.refused(reason);
  return { ok: false, code, reason: text };
}

async function authenticate(token: string | null, deps: AdmitDeps): Promise<CollabUser | null> {
  if (!token) return null;
  const authenticatedAt = Date.now();
  try {
    const verified = await deps.verifyAccessToken(token);
    if (!verified) return null;
    const userId = 'userId' in verified ? verified.userId : verified.id;
    const sessionId = typeof verified.sid === 'string' && verified.sid ? verified.sid : null;
    return { userId, name: verified.name ?? '', sessionId, authenticatedAt };
  } catch {
    return null;
  }
}

/** Authenticates and authorises, then holds the document (the caller releases it if no socket takes it). */
export async function admit(request: UpgradeRequest, deps: AdmitDeps): Promise<Admission> {
  const user = await authenticate(request.token, deps);
  if (!user) return refuse('unauthenticated', CloseCode.unauthenticated, 'invalid or missing token');
  const { documentId } = request;
  let role: DocumentRole | null;
  let archived = false;
  try {
    role = await deps.access.documentRole(user.userId, documentId);
    if (role) archived = (await deps.access.documentArchived?.(documentId)) ?? false;
  } catch (err) {
    deps.log.error({ err, documentId }, 'collab access check failed');
    return refuse('unavailable', CloseCode.unavailable, 'access check failed, retry');
  }
  if (!role) return refuse('forbidden', CloseCode.forbidden, 'no access to this document');
  if (archived) return refuse('forbidden', CloseCode.documentClosed, 'document is archived');
  try {
    const doc = await deps.registry.acquire(documentId);
    return { ok: true, admitted: { user, role, doc } };
  } catch (err) {
    if (err instanceof CapacityError) return refuse('capacity', CloseCode.unavailable, 'node is full, retry');
    deps.log.error({ err, documentId }, 'collab document load failed');
    return refuse('unavailable', CloseCode.unavailable, 'document could not be loaded, retry');
  }
}

export function completeUpgrade(
  wss: WebSocketServer,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<WebSocket> {
  return new Promise((resolve) => wss.handleUpgrade(req, socket, head, resolve));
}
