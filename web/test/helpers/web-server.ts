// Serves the production build with Vite's preview server on a free port, proxying /api to the given api.
import path from 'node:path';
import { type PreviewServer, preview } from 'vite';
import { webRoot } from './build.js';

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

export async function serveWeb(dist: string, apiUrl = 'http://127.0.0.1:9', signalingUrls: string[] = []): Promise<WebServer> {
  // vite.config.ts reads these when it is loaded, which preview() does afresh.
  process.env.API_URL = apiUrl;
  process.env.SIGNALING_URLS = signalingUrls.join(',') || 'http://127.0.0.1:9';
  const server: PreviewServer = await preview({
    root: webRoot,
    configFile: path.join(webRoot, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: dist },
    preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => server.close(),
  };
}
