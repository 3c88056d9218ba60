// Serves the web app for the local cluster: Vite's dev server, with the api proxied under /api.
import { createServer } from 'vite';

const port = Number(process.env.WEB_PORT ?? 5173);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`WEB_PORT must be a port number, got "${process.env.WEB_PORT}"`);
  process.exit(1);
}
const root = new URL('.', import.meta.url).pathname;
const server = await createServer({ root, configFile: `${root}vite.config.ts`, server: { port, strictPort: true } });
await server.listen();
server.printUrls();
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
