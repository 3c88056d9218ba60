// Composition root: reads the environment once, checks native uWS, starts one signaling node.
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './log.js';
import { SignalingNode } from './node.js';
import { loadNativeUws, UwsFallbackError } from './transport/uws-native.js';

function fail(message: string): never {
  console.error(`signaling: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL, config.SIGNALING_NODE_ID);
  let uws: ReturnType<typeof loadNativeUws>;
  try {
    uws = loadNativeUws();
  } catch (err) {
    if (err instanceof UwsFallbackError) fail(err.message);
    throw err;
  }
  let publicKeyPem: string;
  try {
    publicKeyPem = readFileSync(config.JWT_PUBLIC_KEY_FILE, 'utf8');
  } catch {
    fail(`cannot read JWT_PUBLIC_KEY_FILE ${config.JWT_PUBLIC_KEY_FILE}`);
  }
  const node = await SignalingNode.create({ config, log, uws, publicKeyPem });
  const port = await node.listen();
  log.info({ port, host: config.SIGNALING_HOST }, 'listening');
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), config.SIGNALING_SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    node.stop().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error('signaling: failed to start', err);
  process.exit(1);
});
