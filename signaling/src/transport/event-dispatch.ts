// Wraps every client event: rate limit, zod parse, handler, and one mapping of errors into the ack.
// A bad payload gets `{ ok: false, code, message }` and the socket lives on.
import { z } from 'zod';
import { toAckError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { type ClientEventName, clientEvents, type EventResult, isClientEventName, type ParsedPayload } from '../protocol/index.js';
import type { TokenBucket } from './rate-limiter.js';

export type EventHandler<E extends ClientEventName> = (payload: ParsedPayload<E>) => Promise<EventResult<E>>;
export type EventHandlers = { [E in ClientEventName]: EventHandler<E> };

type Ack = (res: unknown) => void;

interface DispatchSocket {
  on(event: string, fn: (...args: unknown[]) => void): unknown;
  onAny(fn: (event: string, ...args: unknown[]) => void): unknown;
}

export interface DispatchDeps {
  metrics: Metrics;
  log: Logger;
  bucket: TokenBucket;
}

/** Registers every protocol event on the socket. Unknown events are counted and refused. */
export function registerEvents(socket: DispatchSocket, handlers: EventHandlers, deps: DispatchDeps): void {
  for (const name of Object.keys(clientEvents) as ClientEventName[]) {
    socket.on(name, (...args: unknown[]) => void dispatch(name, args, handlers, deps));
  }
  socket.onAny((event: string, ...args: unknown[]) => {
    if (isClientEventName(event)) return;
    deps.metrics.eventRejected('unknown_event');
    const ack = args.at(-1);
    if (typeof ack === 'function') ack({ ok: false, code: 'BAD_REQUEST', message: 'unknown event' });
  });
}

async function dispatch<E extends ClientEventName>(name: E, args: unknown[], handlers: EventHandlers, deps: DispatchDeps): Promise<void> {
  const last = args.at(-1);
  const ack: Ack = typeof last === 'function' ? (last as Ack) : () => {};
  const startedAt = performance.now();
  if (!deps.bucket.take(startedAt)) {
    deps.metrics.eventRejected('rate_limit');
    ack({ ok: false, code: 'RATE_LIMITED', message: 'too many requests; slow down' });
    return;
  }
  const parsed = clientEvents[name].payload.safeParse(args[0]);
  if (typeof last !== 'function' || args.length !== 2 || !parsed.success) {
    deps.metrics.eventRejected('validation');
    const message = parsed.success ? 'expected (payload, ack)' : z.prettifyError(parsed.error).slice(0, 300);
    ack({ ok: false, code: 'BAD_REQUEST', message });
    return;
  }
  try {
    const result = await (handlers[name] as EventHandler<E>)(parsed.data as ParsedPayload<E>);
    deps.metrics.eventHandled(name, 'ok', startedAt);
    ack({ ok: true, ...result });
  } catch (err) {
    deps.metrics.eventHandled(name, 'error', startedAt);
    const res = toAckError(err);
    if (res.code === 'INTERNAL') deps.log.error({ err, event: name }, 'event handler failed');
    ack(res);
  }
}
