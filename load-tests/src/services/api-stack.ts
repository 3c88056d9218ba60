// A real api process on its own database, with Redis and MariaDB from dataServices(): what the api
// benchmark and the bots' token helpers run against.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createDatabase, type DataServices, dataServices, dropDatabase, TMP_DIR } from './data-services.js';
import { freePort } from './free-port.js';
import { type KeyFiles, writeJwtKeys } from './jwt-keys.js';
import { type ServiceProcess, startService } from './service-process.js';

export interface ApiStack {
  baseUrl: string;
  api: ServiceProcess;
  /** The environment the api was started with (another process of the same app can reuse it). */
  env: Record<string, string>;
  keys: KeyFiles;
  data: DataServices;
  stop(): Promise<void>;
}

export async function startApiStack(label: string, extraEnv: Record<string, string> = {}): Promise<ApiStack> {
  const data = await dataServices();
  const dir = path.join(TMP_DIR, `${label}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const keys = writeJwtKeys(path.join(dir, 'keys'));
  const databaseUrl = createDatabase(data.mysqlUrl, label);
  const port = await freePort();
  try {
    const env = {
      LOG_LEVEL: 'warn',
      API_PORT: String(port),
      API_HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      REDIS_URL: data.redisUrl,
      JWT_PRIVATE_KEY_FILE: keys.privateKeyFile,
      JWT_PUBLIC_KEY_FILE: keys.publicKeyFile,
      STORAGE_DIR: path.join(dir, 'uploads'),
      // One load generator on one IP: the per-IP limits would otherwise measure the limiter.
      RATE_LIMIT_MAX: '1000000000',
      RATE_LIMIT_LOGIN_MAX: '100000',
      ...extraEnv,
    };
    const api = await startService({ name: 'api', cwd: 'api', readyUrl: `http://127.0.0.1:${port}/readyz`, readyTimeoutMs: 90_000, env });
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      api,
      env,
      keys,
      data,
      async stop() {
        await api.stop();
        dropDatabase(databaseUrl);
        await data.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    dropDatabase(databaseUrl);
    await data.stop();
    throw err;
  }
}
