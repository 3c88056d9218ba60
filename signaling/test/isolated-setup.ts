// Global setup for running only the signaling tests while other packages' runs share the machine:
// its own Redis (own port and data folder), so another run's global setup cannot stop ours.
// Use: pnpm exec vitest run --config signaling/vitest.isolated.config.ts
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { redisUrl, startRedis } from '../../deploy/local/src/data-services.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default async function setup(): Promise<() => Promise<void>> {
  const options = {
    dataDir: path.join(repoRoot, '.data', 'test-signaling'),
    redisPort: Number(process.env.SIGNALING_TEST_REDIS_PORT ?? 6397),
    mysqlPort: 0,
    mysqlDatabase: '',
    mysqlUser: '',
    mysqlPassword: '',
  };
  const redis = await startRedis(options);
  process.env.COOPE_TEST_REDIS_URL = redisUrl(options);
  return () => redis.stop();
}
