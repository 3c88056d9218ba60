import type { IncomingMessage, ServerResponse } from 'node:http';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:4000';
const signalingUrls = (process.env.SIGNALING_URLS ?? 'http://127.0.0.1:4101')
  .split(',')
  .map((u) => u.trim())
  .filter(Boolean);

function json(body: unknown) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('content-type', 'application/json');
    res.setHeader('cache-control', 'no-store');
    res.end(JSON.stringify(body));
  };
}

const healthz = json({ status: 'ok' });
/** Read at run time by the browser, so one build serves any cluster (tests start theirs on free ports). */
const runtimeConfig = json({ signalingUrls });

export default defineConfig({
  plugins: [
    preact(),
    {
      name: 'coope-server-routes',
      configureServer(server) {
        server.middlewares.use('/healthz', healthz);
        server.middlewares.use('/runtime-config.json', runtimeConfig);
      },
      configurePreviewServer(server) {
        server.middlewares.use('/healthz', healthz);
        server.middlewares.use('/runtime-config.json', runtimeConfig);
      },
    },
  ],
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: apiUrl, rewrite: (p) => p.replace(/^\/api/, '') },
      '/collab': { target: apiUrl, ws: true },
      // Google sign-in: the api builds its redirect URI from the request's host, i.e. this server.
      '/auth/google': { target: apiUrl },
      // Uploaded covers and avatars (`/files/<key>` URLs in api answers).
      '/files': { target: apiUrl },
    },
  },
  // The editor chunk (ProseMirror, Yjs) is large but loads only with a document page.
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 600 },
});
