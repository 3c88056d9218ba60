// Runs deploy/nginx/coope.conf in a real nginx for the test: upstream hosts point at local fake
// servers, listen ports are free local ports, TLS uses a throwaway self-signed certificate.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { at, read } from './paths.js';

export function nginxBinary(): string | undefined {
  for (const bin of ['nginx', '/usr/sbin/nginx']) {
    if (spawnSync(bin, ['-v'], { encoding: 'utf8' }).status === 0) return bin;
  }
  return undefined;
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

export interface NginxRun {
  httpPort: number;
  httpsPort: number;
  stop(): Promise<void>;
}

/** `upstreams` maps "host:port" in coope.conf to the local port that replaces it. */
export async function startNginx(bin: string, upstreams: Record<string, number>, indexHtml: string): Promise<NginxRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'coope-nginx-'));
  chmodSync(dir, 0o755);
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-keyout', path.join(dir, 'privkey.pem'), '-out', path.join(dir, 'fullchain.pem')], { stdio: 'ignore' });
  mkdirSync(path.join(dir, 'html', 'assets'), { recursive: true });
  writeFileSync(path.join(dir, 'html', 'index.html'), indexHtml);
  let conf = read(at('nginx', 'coope.conf'))
    .replaceAll('/etc/nginx/certs', dir)
    .replaceAll('/usr/share/nginx/html', path.join(dir, 'html'))
    .replace(/^\s*listen \[::\].*$/gm, '')
    .replace(/^(\s*)listen 80;/m, `$1listen 127.0.0.1:${httpPort};`)
    .replace(/^(\s*)listen 443 ssl/m, `$1listen 127.0.0.1:${httpsPort} ssl`);
  for (const [from, port] of Object.entries(upstreams)) conf = conf.replaceAll(`server ${from} `, `server 127.0.0.1:${port} `);
  writeFileSync(path.join(dir, 'coope.conf'), conf);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/${t};`).join(' ');
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `${process.getuid?.() === 0 ? 'user root;' : ''}
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
worker_processes 1;
events {}
http { access_log off; default_type text/html; ${temp} include ${dir}/coope.conf; }
`,
  );
  const proc: ChildProcess = spawn(bin, ['-c', path.join(dir, 'nginx.conf'), '-p', dir, '-g', 'daemon off;'], { stdio: 'pipe' });
  let stderr = '';
  proc.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  try {
    await waitForPort(httpsPort, () => (proc.exitCode !== null ? `nginx exited: ${stderr}` : undefined));
  } catch (err) {
    proc.kill('SIGKILL');
    throw err;
  }
  return {
    httpPort,
    httpsPort,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((resolve) => proc.once('exit', resolve));
        proc.kill('SIGQUIT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, failed: () => string | undefined): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const why = failed();
    if (why) throw new Error(why);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`nginx did not listen on ${port}`);
}
