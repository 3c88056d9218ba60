// The collab endpoint on its own http server, without the rest of the api (tests, benchmarks).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { register } from 'prom-client';
import { CollabService } from './collab-service.js';
import type { CollabOptions } from './types.js';

export interface CollabServerOptions extends CollabOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
}

export interface CollabServer {
  service: CollabService;
  server: Server;
  port: number;
  /** ws://host:port/collab — a y-websocket provider appends "/<documentId>". */
  url: string;
  /** http://host:port, serving /healthz and /metrics. */
  httpUrl: string;
  close(): Promise<void>;
}

export async function createCollabServer(opts: CollabServerOptions): Promise<CollabServer> {
  const service = await CollabService.create(opts);
  // Only what a standalone node needs: a health check and its metrics.
  const server = createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    } else if (req.url === '/metrics') {
      register.metrics().then(
        (text) => res.writeHead(200, { 'content-type': register.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    } else {
      res.writeHead(404).end();
    }
  });
  server.on('upgrade', (req, socket, head) => {
    if (!service.handleUpgrade(req, socket, head)) socket.destroy();
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    service,
    server,
    port,
    url: `ws://${host}:${port}/collab`,
    httpUrl: `http://${host}:${port}`,
    async close() {
      await service.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
