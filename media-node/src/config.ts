// Environment → typed config. Only main.ts calls loadConfig(); a bad value exits with one line.
import os from 'node:os';
import { z } from 'zod';
import { DEFAULT_KEY_PREFIX } from './keys.js';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const port = int(0, 65535);

export const configSchema = z
  .object({
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
    REDIS_KEY_PREFIX: z.string().max(64).default(DEFAULT_KEY_PREFIX),
    MEDIA_NODE_ID: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/)
      .default(`media-${os.hostname()}-${process.pid}`),
    /** 0 = any free port (the record carries the real one). */
    MEDIA_RPC_PORT: port.default(4201),
    /** Advertised RPC URL; default ws://MEDIA_ANNOUNCED_IP:<port>/rpc. */
    MEDIA_RPC_URL: z.string().optional(),
    MEDIA_LISTEN_IP: z.ipv4().or(z.ipv6()).default('127.0.0.1'),
    MEDIA_ANNOUNCED_IP: z.string().min(1).optional(),
    MEDIA_WORKERS: int(1, 256).default(os.availableParallelism()),
    /** Worker i listens on UDP+TCP base+i; 0 = any free port. */
    MEDIA_RTC_PORT_BASE: port.default(40000),
    MEDIA_PIPE_MIN_PORT: int(1024, 65535).default(41000),
    MEDIA_PIPE_MAX_PORT: int(1024, 65535).default(41999),
    MEDIA_CONSUMERS_PER_WORKER: int(1, 100_000).default(500),
    MEDIA_DRAIN_DEADLINE_MS: int(0, 3_600_000).default(60_000),
    /** After roomsNeedRehome, how long to wait for signaling to move rooms before exiting. */
    MEDIA_DRAIN_GRACE_MS: int(0, 600_000).default(5_000),
    MEDIA_RPC_SECRET: z.string().min(8, 'must be at least 8 characters'),
    MEDIA_RECORD_TTL_MS: int(500, 600_000).default(3_000),
    MEDIA_REGISTER_INTERVAL_MS: int(100, 60_000).default(1_000),
    /** How often consumer stats are read for the forwarded packets/bytes counters; 0 = never. */
    MEDIA_STATS_INTERVAL_MS: int(0, 600_000).default(10_000),
    /**
     * A room with no live transport this long is closed (its peers vanished, or signaling moved it
     * while this node was unreachable); 0 = never.
     */
    MEDIA_ROOM_IDLE_MS: int(0, 86_400_000).default(120_000),
    MEDIA_WORKER_LOG_LEVEL: z.enum(['debug', 'warn', 'error', 'none']).default('warn'),
  })
  .refine((c) => c.MEDIA_PIPE_MIN_PORT <= c.MEDIA_PIPE_MAX_PORT, {
    path: ['MEDIA_PIPE_MAX_PORT'],
    message: 'must be >= MEDIA_PIPE_MIN_PORT',
  })
  .refine((c) => c.MEDIA_ANNOUNCED_IP || !['0.0.0.0', '::'].includes(c.MEDIA_LISTEN_IP), {
    path: ['MEDIA_ANNOUNCED_IP'],
    message: 'is required when MEDIA_LISTEN_IP is a wildcard address',
  });

export type RawConfig = z.infer<typeof configSchema>;

export interface Config extends RawConfig {
  announcedIp: string;
}

/** Parses the environment or returns the one-line reason it is wrong. */
export function parseConfig(env: NodeJS.ProcessEnv): { ok: true; config: Config } | { ok: false; message: string } {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = issue.path.join('.') || 'environment';
    return { ok: false, message: `invalid environment variable ${name}: ${issue.message}` };
  }
  const c = parsed.data;
  return { ok: true, config: { ...c, announcedIp: c.MEDIA_ANNOUNCED_IP ?? c.MEDIA_LISTEN_IP } };
}
