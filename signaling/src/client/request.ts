// Typed requests over the client protocol: resolves with the ack's result, throws CallRequestError.
import type { Socket } from 'socket.io-client';
import type {
  ClientEventName,
  ClientToServerEvents,
  ErrorCode,
  EventAck,
  EventPayload,
  EventResult,
  ServerToClientEvents,
} from '../protocol/index.js';

export type ProtocolSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export class CallRequestError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CallRequestError';
  }
}

export async function callRequest<E extends ClientEventName>(
  socket: ProtocolSocket,
  event: E,
  payload: EventPayload<E>,
  timeoutMs: number,
): Promise<EventResult<E>> {
  let ack: EventAck<E>;
  try {
    // The typed emit cannot take a generic event tuple; the protocol maps guarantee the shapes.
    const s = socket.timeout(timeoutMs) as unknown as { emitWithAck(e: string, p: unknown): Promise<EventAck<E>> };
    ack = await s.emitWithAck(event, payload);
  } catch {
    throw new CallRequestError('TIMEOUT', `${event}: no answer within ${timeoutMs} ms`);
  }
  if (!ack.ok) throw new CallRequestError(ack.code, ack.message);
  return ack as EventResult<E>;
}

/** Switches the socket's server on each reconnect attempt (clusters without a load balancer in front). */
export function rotateUrlsOnReconnect(socket: ProtocolSocket, urls: readonly string[]): () => void {
  let i = 0;
  const manager = socket.io as unknown as { uri: string; on(e: string, fn: () => void): void; off(e: string, fn: () => void): void };
  const next = () => {
    i = (i + 1) % urls.length;
    manager.uri = urls[i]!;
  };
  manager.on('reconnect_attempt', next);
  return () => manager.off('reconnect_attempt', next);
}
