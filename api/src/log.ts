// pino JSON logs: constant messages, data in fields, child loggers per concern.
import { type Logger, pino } from 'pino';

export type { Logger };

interface LoggedRequest {
  method?: string;
  url?: string;
  routeOptions?: { url?: string };
  ip?: string;
  id?: unknown;
}

/** Query strings can carry secrets (`?token=`, OIDC `code`/`state`), so request lines log the path only. */
function requestSerializer(req: LoggedRequest): Record<string, unknown> {
  return { id: req.id, method: req.method, url: req.url?.split('?')[0], route: req.routeOptions?.url, ip: req.ip };
}

export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { service: 'api', ...base }, serializers: { req: requestSerializer } });
}
