// socket.io on its defaults (Node http, ws, the JSON parser) with the same handlers: the baseline the
// benchmark compares our uWS + msgpack node against. Not used in production.
import { createServer, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import type { HttpProbes } from './http-endpoints.js';

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType }).end(body);
}

export function createBaselineServer(adapter: { pub: Redis; sub: Redis; key: string }, probes: HttpProbes): { http: HttpServer; io: Server } {
  const http = createServer((req, res) => {
    if (req.url === '/healthz') return send(res, 200, 'text/plain', 'ok');
    if (req.url === '/readyz') {
      const r = probes.ready();
      return send(res, r.ok ? 200 : 503, 'application/json', JSON.stringify({ ok: r.ok, ...r.detail }));
    }
    if (req.url === '/metrics') {
      probes.metrics().then(
        (m) => send(res, 200, m.contentType, m.body),
        () => send(res, 500, 'text/plain', 'metrics failed'),
      );
      return;
    }
    if (!req.url?.startsWith('/socket.io')) send(res, 404, 'text/plain', 'not found');
  });
  const io = new Server(http, { adapter: createAdapter(adapter.pub, adapter.sub, { key: adapter.key }) });
  return { http, io };
}
