// pino JSON logs: constant messages, data in fields, child loggers node → room → peer.
import { type Logger, pino } from 'pino';

export type { Logger };

export function createLogger(level: string, nodeId: string): Logger {
  return pino({ level, base: { service: 'signaling', nodeId } });
}
