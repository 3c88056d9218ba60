// deploy/nginx/coope.conf in a real nginx (Debian's `nginx`) in front of fake upstreams: WSS
// upgrades reach signaling and /collab, the api gets its prefix stripped, metrics stay private.
// Without an nginx binary only the structural checks below run (the test names say so).
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema as apiSchema } from '../../api/src/config.js';
import { type NginxRun, nginxBinary, startNginx } from './nginx-harness.js';
import { at, read } from './paths.js';

const conf = read(at('nginx', 'coope.conf'));
const bin = nginxBinary();

interface Seen {
  url: string;
  headers: http.IncomingHttpHeaders;
  upgrade: boolean;
}

/** An upstream that records what reaches it, answers requests with 200 and upgrades with 101. */
async function fakeUpstream(name: string, seen: Seen[]): Promise<{ port: number; server: http.Server }> {
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url!, headers: req.headers, upgrade: false });
    res.end(JSON.stringify({ upstream: name, url: req.url }));
  });
  server.on('upgrade', (req, socket) => {
    seen.push({ url: req.url!, headers: req.headers, upgrade: true });
    socket.end(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Upstream: ${name}\r\n\r\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

function get(port: number, path: string, opts: { tls?: boolean; upgrade?: boolean } = {}) {
  const headers: Record<string, string> = opts.upgrade
    ? { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' }
    : {};
  const lib = opts.tls === false ? http : https;
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = lib.request({ host: '127.0.0.1', port, path, headers, rejectUnauthorized: false, servername: 'localhost' });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode!, headers: res.headers, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d) => {
        body += String(d);
      });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The text of one `location <path> { ... }` block. */
function location(path: string): string {
  const start = conf.indexOf(`location ${path} {`);
  expect(start, `location ${path}`).toBeGreaterThan(0);
  return conf.slice(start, conf.indexOf('\n    }', start));
}

describe('nginx config (structure)', () => {
  it.each(['/socket.io/', '/collab'])('%s is a WebSocket location with hour-long timeouts and no buffering', (path) => {
    const block = location(path);
    expect(block).toMatch(/proxy_read_timeout 3600s;/);
    expect(block).toMatch(/proxy_send_timeout 3600s;/);
    expect(block).toContain('proxy_buffering off;');
  });

  it('sets the upgrade and forwarding headers once, and no location overrides (and so drops) them', () => {
    const server = conf.slice(conf.indexOf('listen 443'));
    expect(server).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(server).toContain('proxy_set_header Connection $connection_upgrade;');
    expect(server).toContain('proxy_set_header X-Forwarded-Proto $scheme;');
    const locations = [...server.matchAll(/\n {4}location [^{]+\{([^}]*)\}/g)].map((m) => m[1]!);
    expect(locations.length).toBeGreaterThanOrEqual(6);
    for (const body of locations) expect(body).not.toMatch(/proxy_set_header|add_header/);
  });

  it('is sticky-free (socket.io is WebSocket-only) and says so', () => {
    expect(conf).not.toMatch(/^\s*(ip_hash|hash |sticky)/m);
    expect(conf).toMatch(/transports: \['websocket'\]/);
  });

  it("terminates TLS, and accepts the api's largest bodies", () => {
    expect(conf).toMatch(/listen 443 ssl/);
    expect(conf).toMatch(/ssl_protocols TLSv1\.2 TLSv1\.3;/);
    const limitMb = Number(/client_max_body_size (\d+)m;/.exec(conf)![1]);
    const largest = Math.max(apiSchema.shape.UPLOAD_MAX_BYTES.parse(undefined), apiSchema.shape.AUDIO_CHUNK_MAX_BYTES.parse(undefined));
    expect(limitMb * 1024 * 1024).toBeGreaterThanOrEqual(largest);
  });
});

if (!bin) {
  describe('nginx config in a real nginx', () => {
    it('cannot run here: no nginx binary (apt-get install nginx), so only the structural checks ran', () => {
      expect(nginxBinary()).toBeUndefined();
    });
  });
}

if (bin) describe(`nginx config in a real nginx (${bin})`, () => {
  const seen: Record<'signaling' | 'api', Seen[]> = { signaling: [], api: [] };
  const servers: http.Server[] = [];
  let nginx: NginxRun;

  beforeAll(async () => {
    const sig = await fakeUpstream('signaling', seen.signaling);
    const api = await fakeUpstream('api', seen.api);
    servers.push(sig.server, api.server);
    nginx = await startNginx(bin!, { 'signaling-1:4101': sig.port, 'signaling-2:4102': sig.port, 'api:4000': api.port }, '<p>coope app</p>');
  });

  afterAll(async () => {
    await nginx?.stop();
    for (const s of servers) s.close();
  });

  it('upgrades /socket.io/ to a signaling node, passing the Upgrade and Connection headers', async () => {
    const r = await get(nginx.httpsPort, '/socket.io/?EIO=4&transport=websocket', { upgrade: true });
    expect(r.status).toBe(101);
    expect(r.headers['x-upstream']).toBe('signaling');
    const last = seen.signaling.at(-1)!;
    expect(last).toMatchObject({ url: '/socket.io/?EIO=4&transport=websocket', upgrade: true });
    expect(last.headers).toMatchObject({ upgrade: 'websocket', connection: 'upgrade', 'x-forwarded-proto': 'https' });
  });

  it('upgrades /collab to an api node', async () => {
    const r = await get(nginx.httpsPort, '/collab/doc-1', { upgrade: true });
    expect(r.status).toBe(101);
    expect(r.headers['x-upstream']).toBe('api');
    expect(seen.api.at(-1)).toMatchObject({ url: '/collab/doc-1', upgrade: true });
  });

  it('sends /api/... to the api without the prefix', async () => {
    const r = await get(nginx.httpsPort, '/api/documents?limit=5');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ upstream: 'api', url: '/documents?limit=5' });
    expect(seen.api.at(-1)!.headers).toMatchObject({ 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'https' });
    expect(seen.api.at(-1)!.headers.upgrade).toBeUndefined();
  });

  it('keeps the api metrics and readiness private', async () => {
    const before = seen.api.length;
    expect((await get(nginx.httpsPort, '/api/metrics')).status).toBe(404);
    expect((await get(nginx.httpsPort, '/api/readyz')).status).toBe(404);
    expect(seen.api.length).toBe(before);
  });

  it('serves the app for unknown paths and redirects plain http to https', async () => {
    const app = await get(nginx.httpsPort, '/rooms/some-room');
    expect(app).toMatchObject({ status: 200, body: '<p>coope app</p>' });
    expect(app.headers['strict-transport-security']).toMatch(/max-age=/);
    const redirect = await get(nginx.httpPort, '/rooms/x', { tls: false });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toMatch(/^https:\/\/[^/]+\/rooms\/x$/);
  });
});
