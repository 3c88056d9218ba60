// Checks a deployment's environment for one service against that service's zod config schema:
// no unknown names (a typo is silently ignored by zod), every required name set, and the whole
// environment parses (ports are numbers, URLs are URLs, refinements hold).

export interface SchemaLike {
  shape: Record<string, { safeParse(v: unknown): { success: boolean } }>;
  safeParse(v: unknown): { success: true } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
}

export interface EnvReport {
  /** Set by the deployment, unknown to the schema. */
  unknown: string[];
  /** Required by the schema (no default, not optional), not set. */
  missing: string[];
  /** Names the deployment must set explicitly even though the schema has a default. */
  missingExplicit: string[];
  /** The first parse error of the whole environment, as the service would print it. */
  error?: string;
}

/** Names the schema cannot do without. */
export function requiredKeys(schema: SchemaLike): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => !field.safeParse(undefined).success)
    .map(([name]) => name);
}

export function checkEnv(schema: SchemaLike, env: Record<string, string>, mustSet: readonly string[] = []): EnvReport {
  const known = new Set(Object.keys(schema.shape));
  const unknown = Object.keys(env).filter((k) => !known.has(k));
  const missing = requiredKeys(schema).filter((k) => !(k in env));
  const missingExplicit = mustSet.filter((k) => !(k in env));
  const parsed = schema.safeParse(env);
  const report: EnvReport = { unknown, missing, missingExplicit };
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    report.error = `${issue.path.map(String).join('.') || 'environment'}: ${issue.message}`;
  }
  return report;
}

/**
 * Names a production deployment must set although the schema has a default: the defaults suit a
 * developer machine (127.0.0.1, ports of the local cluster, a node id from the hostname).
 */
export const MUST_SET: Readonly<Record<'media' | 'signaling' | 'api', readonly string[]>> = {
  media: [
    'REDIS_URL',
    'MEDIA_NODE_ID',
    'MEDIA_RPC_PORT',
    'MEDIA_RPC_URL',
    'MEDIA_LISTEN_IP',
    'MEDIA_ANNOUNCED_IP',
    'MEDIA_WORKERS',
    'MEDIA_RTC_PORT_BASE',
    'MEDIA_PIPE_MIN_PORT',
    'MEDIA_PIPE_MAX_PORT',
    'MEDIA_DRAIN_DEADLINE_MS',
  ],
  signaling: ['SIGNALING_NODE_ID', 'SIGNALING_PORT'],
  api: ['API_PORT', 'PUBLIC_WEB_URL', 'PUBLIC_API_URL', 'STORAGE_DIR'],
};
