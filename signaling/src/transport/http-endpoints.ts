// /healthz, /readyz and /metrics on the same uWS app as socket.io.
import type { HttpResponse, TemplatedApp } from 'uWebSockets.js';

export interface HttpProbes {
  /** Dependencies reachable (Redis up). */
  ready: () => { ok: boolean; detail: Record<string, unknown> };
  metrics: () => Promise<{ contentType: string; body: string }>;
}

function send(res: HttpResponse, status: string, contentType: string, body: string): void {
  res.cork(() => {
    res.writeStatus(status).writeHeader('content-type', contentType).end(body);
  });
}

export function mountHttpEndpoints(app: TemplatedApp, probes: HttpProbes): void {
  app.get('/healthz', (res) => send(res, '200 OK', 'text/plain', 'ok'));
  app.get('/readyz', (res) => {
    const r = probes.ready();
    send(res, r.ok ? '200 OK' : '503 Service Unavailable', 'application/json', JSON.stringify({ ok: r.ok, ...r.detail }));
  });
  app.get('/metrics', (res) => {
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    probes
      .metrics()
      .then((m) => {
        if (!aborted) send(res, '200 OK', m.contentType, m.body);
      })
      .catch(() => {
        if (!aborted) send(res, '500 Internal Server Error', 'text/plain', 'metrics failed');
      });
  });
}
