// The api's environment, parsed once by main.ts. A bad value names its variable in one line.
import { z } from 'zod';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

export const configSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  API_HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.url(),
  REDIS_URL: z.url(),
  JWT_PRIVATE_KEY_FILE: z.string().min(1),
  JWT_PUBLIC_KEY_FILE: z.string().min(1),
  PUBLIC_WEB_URL: z.url().default('http://127.0.0.1:5173'),
  /** The api's own public base URL, used for OIDC redirect URIs. */
  PUBLIC_API_URL: optionalString.pipe(z.url().optional()),
  STORAGE_DIR: z.string().default('.data/uploads'),
  S3_BUCKET: optionalString,
  S3_ENDPOINT: optionalString.pipe(z.url().optional()),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  S3_FORCE_PATH_STYLE: z.stringbool().default(true),
  OPENAI_BASE_URL: optionalString.pipe(z.url().optional()),
  OPENAI_API_KEY: optionalString,
  OPENAI_CHAT_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_TRANSCRIBE_MODEL: z.string().default('whisper-1'),
  OPENAI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  /** Meeting-notes worker: how often it looks for queued jobs, and the wait before a failed job's retry. */
  NOTES_POLL_MS: z.coerce.number().int().min(10).default(2000),
  NOTES_RETRY_DELAY_MS: z.coerce.number().int().min(0).default(30_000),
  NOTES_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  OIDC_ISSUER: optionalString.pipe(z.url().optional()),
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  /** Allows plain-http OIDC issuers (tests and local development only). */
  OIDC_ALLOW_INSECURE: z.stringbool().default(false),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).default(30 * 24 * 3600),
  CALL_TICKET_TTL_SECONDS: z.coerce.number().int().min(10).default(120),
  /** TURN servers handed to callers with their call ticket, e.g. turn:turn.example.com:3478?transport=udp,turns:turn.example.com:443?transport=tcp */
  TURN_URLS: optionalString.pipe(
    z
      .string()
      .transform((v) => v.split(',').map((u) => u.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^turns?:[^\s]+$/, 'each URL must start with turn: or turns:')).min(1))
      .optional(),
  ),
  /** coturn's static-auth-secret (use-auth-secret): credentials are minted per ticket, never stored. */
  TURN_SECRET: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  /** How long minted TURN credentials allow new allocations and refreshes: the longest call to expect. */
  TURN_CREDENTIAL_TTL_SECONDS: z.coerce.number().int().min(60).default(12 * 3600),
  INVITE_TTL_SECONDS: z.coerce.number().int().min(60).default(7 * 24 * 3600),
  /** Outgoing mail (invites, password resets), e.g. smtp://user:pass@host:587 or smtps://…:465; unset = no email. */
  SMTP_URL: optionalString.pipe(
    z.url({ protocol: /^smtps?$/, message: 'must be an smtp:// or smtps:// URL' }).optional(),
  ),
  /** The From of every mail, e.g. "Coope <no-reply@example.com>"; unset = no-reply at PUBLIC_WEB_URL's host. */
  MAIL_FROM: optionalString.pipe(
    z.string().trim().regex(/^[^@\s]+@[^@\s>]+>?$|<[^@\s]+@[^@\s>]+>$/, 'must be an address, e.g. Coope <no-reply@example.com>').optional(),
  ),
  PASSWORD_RESET_TTL_SECONDS: z.coerce.number().int().min(60).max(24 * 3600).default(3600),
  /** Forgot-password requests per client address per 15 minutes. */
  RATE_LIMIT_FORGOT_MAX: z.coerce.number().int().min(1).default(5),
  ARGON2_MEMORY_KIB: z.coerce.number().int().min(64).default(19456),
  ARGON2_TIME_COST: z.coerce.number().int().min(1).default(2),
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(300),
  RATE_LIMIT_LOGIN_MAX: z.coerce.number().int().min(1).default(10),
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).default(10 * 1024 * 1024),
  AUDIO_CHUNK_MAX_BYTES: z.coerce.number().int().min(1024).default(25 * 1024 * 1024),
  /** socket.io key prefix shared with signaling's redis adapter. */
  SOCKET_IO_KEY: z.string().default('socket.io'),
  CORS_ORIGINS: optionalString,
  /** Proxies whose X-Forwarded-For is believed (rate limits key on the client address): proxy-addr names or CIDRs. */
  TRUST_PROXY: z.string().default('loopback,linklocal,uniquelocal'),
  /** Comma-separated emails that become admins when they sign up or sign in. */
  ADMIN_EMAILS: optionalString,
}).refine((c) => (c.TURN_URLS === undefined) === (c.TURN_SECRET === undefined), {
  path: ['TURN_SECRET'],
  message: 'TURN_URLS and TURN_SECRET go together',
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
