// pino JSON logs: constant messages, data in fields, child loggers node → room.
import { pino } from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string, nodeId: string): Logger {
  return pino({ level, base: { service: 'media-node', nodeId } });
}
