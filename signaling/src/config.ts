// The signaling node's environment, parsed once by main.ts. A bad value names its variable in one line.
import { DEFAULT_KEY_PREFIX } from '@coope/media-node/keys';
import { z } from 'zod';

const ms = (def: number) => z.coerce.number().int().min(0).default(def);

export const configSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SIGNALING_NODE_ID: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (max 64)'),
  /** 0 picks a free port (tests); the bound port is logged as `port` in the `listening` line. */
  SIGNALING_PORT: z.coerce.number().int().min(0).max(65535).default(4101),
  SIGNALING_HOST: z.string().default('0.0.0.0'),
  REDIS_URL: z.url(),
  /** Prefix of every key this node writes and of the media-node records it reads (test isolation). */
  REDIS_KEY_PREFIX: z.string().max(64).default(DEFAULT_KEY_PREFIX),
  /** Prefix of the keys shared with the api (presence, revoked tokens); '' in production. */
  SHARED_KEY_PREFIX: z.string().max(64).default(''),
  /** socket.io adapter channel prefix; the api's redis emitter must use the same one. */
  SOCKET_IO_KEY: z.string().default('socket.io'),
  JWT_PUBLIC_KEY_FILE: z.string().min(1),
  MEDIA_RPC_SECRET: z.string().min(8),
  MEDIA_RPC_TIMEOUT_MS: ms(5_000),
  /** How long a disconnected peer's session waits for a resume before it is closed. */
  SIGNALING_PEER_GRACE_MS: ms(15_000),
  /** How long an empty room keeps its registry entry (a quick rejoin keeps its media node). */
  SIGNALING_ROOM_EMPTY_GRACE_MS: ms(30_000),
  /** How long a user stays online after their last socket closed. */
  SIGNALING_PRESENCE_GRACE_MS: ms(10_000),
  SIGNALING_CONFLICT_TIMEOUT_MS: ms(30_000),
  /** Cap on rooms placed on one media node per second (burst protection). */
  SIGNALING_MAX_NEW_ROOMS_PER_NODE_PER_SEC: z.coerce.number().int().min(1).default(50),
  /** Peers of one room on one media node before the room extends onto another node (pipes between them). */
  SIGNALING_ROOM_PEERS_PER_NODE: z.coerce.number().int().min(1).default(1_000),
  /** Per-socket token bucket: sustained events/s and burst size. */
  SIGNALING_RATE_PER_SEC: z.coerce.number().min(1).default(50),
  SIGNALING_RATE_BURST: z.coerce.number().int().min(1).default(200),
  /** Fast-path media failover: how long a reconnect may take before the node is declared dead. */
  SIGNALING_MEDIA_RECONNECT_CONFIRM_MS: ms(300),
  SIGNALING_SHUTDOWN_TIMEOUT_MS: ms(10_000),
  /** Live sessions and sockets are refreshed in Redis this often; a dead node's expire after 3 periods. */
  SIGNALING_HEARTBEAT_MS: z.coerce.number().int().min(100).default(5_000),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError with one line naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0] ?? 'environment');
  throw new ConfigError(`invalid environment variable ${name}: ${issue.message}`);
}
