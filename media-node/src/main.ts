// Composition root of the media node: the only place that reads process.env.
import { MediaNodeApp } from './app.js';
import { parseConfig } from './config.js';
import { createLogger } from './log.js';
import { loadUws } from './uws.js';

function fail(line: string): never {
  console.error(`media-node: ${line}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const parsed = parseConfig(process.env);
  if (!parsed.ok) fail(parsed.message);
  const config = parsed.config;
  const log = createLogger(config.LOG_LEVEL, config.MEDIA_NODE_ID);
  let uws: ReturnType<typeof loadUws>;
  try {
    uws = loadUws();
  } catch (err) {
    fail((err as Error).message);
  }
  const app = await MediaNodeApp.start(config, log, uws, () => process.exit(0)).catch((err: Error) =>
    fail(
      `cannot start: ${err.message} (is the mediasoup worker built? ` +
        '`pnpm --filter @coope/media-node run build:worker`; are MEDIA_RPC_PORT and MEDIA_RTC_PORT_BASE ports free?)',
    ),
  );
  process.on('SIGTERM', () => app.handleSigterm());
  process.on('SIGINT', () => void app.shutdown('SIGINT'));
}

void main();
