// pino JSON logs: constant messages, data in fields, child loggers per concern.
import { type Logger, pino } from 'pino';

export type { Logger };

export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { service: 'api', ...base } });
}
