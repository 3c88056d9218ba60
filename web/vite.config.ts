import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [
    preact(),
    {
      name: 'coope-healthz',
      configureServer(server) {
        server.middlewares.use('/healthz', (_req, res) => {
          res.setHeader('content-type', 'application/json');
          res.end('{"status":"ok"}');
        });
      },
      configurePreviewServer(server) {
        server.middlewares.use('/healthz', (_req, res) => {
          res.setHeader('content-type', 'application/json');
          res.end('{"status":"ok"}');
        });
      },
    },
  ],
  define: {
    __SIGNALING_URLS__: JSON.stringify((process.env.SIGNALING_URLS ?? 'http://127.0.0.1:4101').split(',')),
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: apiUrl, rewrite: (p) => p.replace(/^\/api/, '') },
      '/collab': { target: apiUrl, ws: true },
    },
  },
  build: { target: 'es2022', sourcemap: true },
});
