// The local cluster: which processes `npm start` runs, on which ports, with which environment.
import path from 'node:path';
import type { DataServiceOptions } from './data-services.js';
import type { ChildSpec } from './supervisor.js';

export interface ClusterPaths {
  repoRoot: string;
  dataDir: string;
  keysDir: string;
}

export interface PortPlan {
  redis: number;
  mysql: number;
  api: number;
  /** More api processes (api-2, api-3, …) on these ports, sharing the database and Redis. */
  apiExtra?: readonly number[];
  signaling: readonly number[];
  mediaRpc: readonly number[];
  mediaRtcBase: readonly number[];
  mediaPipe: readonly (readonly [number, number])[];
  web: number;
}

export const LOCAL_PORTS: PortPlan = {
  redis: 6390,
  mysql: 3390,
  api: 4000,
  signaling: [4101, 4102],
  mediaRpc: [4201, 4202],
  /** Each media node gets 10 WebRtcServer ports (UDP+TCP per worker) from its base. */
  mediaRtcBase: [40000, 40010],
  mediaPipe: [
    [41000, 41499],
    [41500, 41999],
  ],
  web: 5173,
};

export function dataServiceOptions(p: ClusterPaths, ports: PortPlan = LOCAL_PORTS): DataServiceOptions {
  return {
    dataDir: p.dataDir,
    redisPort: ports.redis,
    mysqlPort: ports.mysql,
    mysqlDatabase: 'coope',
    mysqlUser: 'coope',
    mysqlPassword: 'coope-local',
  };
}

export interface SharedSettings {
  redisUrl: string;
  databaseUrl: string;
  rpcSecret: string;
}

function apiSpec(p: ClusterPaths, shared: SharedSettings, ports: PortPlan, name: string, port: number): ChildSpec {
  return {
    name,
    command: process.execPath,
    args: ['--import', 'tsx', 'src/main.ts'],
    cwd: path.join(p.repoRoot, 'api'),
    healthUrl: `http://127.0.0.1:${port}/healthz`,
    env: {
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      API_PORT: String(port),
      DATABASE_URL: shared.databaseUrl,
      REDIS_URL: shared.redisUrl,
      JWT_PRIVATE_KEY_FILE: path.join(p.keysDir, 'jwt-private.pem'),
      JWT_PUBLIC_KEY_FILE: path.join(p.keysDir, 'jwt-public.pem'),
      PUBLIC_WEB_URL: `http://127.0.0.1:${ports.web}`,
      PUBLIC_API_URL: `http://127.0.0.1:${ports.api}`,
      STORAGE_DIR: path.join(p.dataDir, 'uploads'),
    },
  };
}

export function childSpecs(p: ClusterPaths, shared: SharedSettings, ports: PortPlan = LOCAL_PORTS): ChildSpec[] {
  // node --import tsx, not the tsx wrapper: a signal then reaches the service itself, never an orphan.
  const node = process.execPath;
  const tsx = ['--import', 'tsx'];
  const logLevel = process.env.LOG_LEVEL ?? 'info';
  const signalingUrls = ports.signaling.map((port) => `http://127.0.0.1:${port}`).join(',');
  const specs: ChildSpec[] = [
    apiSpec(p, shared, ports, 'api', ports.api),
    ...(ports.apiExtra ?? []).map((port, i) => apiSpec(p, shared, ports, `api-${i + 2}`, port)),
  ];
  ports.mediaRpc.forEach((port, i) => {
    const pipe = ports.mediaPipe[i]!;
    specs.push({
      name: `media-${i + 1}`,
      command: node,
      args: [...tsx, 'src/main.ts'],
      cwd: path.join(p.repoRoot, 'media-node'),
      healthUrl: `http://127.0.0.1:${port}/healthz`,
      env: {
        LOG_LEVEL: logLevel,
        REDIS_URL: shared.redisUrl,
        MEDIA_NODE_ID: `media-${i + 1}`,
        MEDIA_RPC_PORT: String(port),
        MEDIA_LISTEN_IP: '127.0.0.1',
        MEDIA_ANNOUNCED_IP: '127.0.0.1',
        MEDIA_WORKERS: process.env.MEDIA_WORKERS ?? '1',
        MEDIA_RTC_PORT_BASE: String(ports.mediaRtcBase[i]),
        MEDIA_PIPE_MIN_PORT: String(pipe[0]),
        MEDIA_PIPE_MAX_PORT: String(pipe[1]),
        // Locally, stopping should not wait a production-sized drain deadline.
        MEDIA_DRAIN_DEADLINE_MS: '5000',
        MEDIA_RPC_SECRET: shared.rpcSecret,
      },
    });
  });
  ports.signaling.forEach((port, i) => {
    specs.push({
      name: `signaling-${i + 1}`,
      command: node,
      args: [...tsx, 'src/main.ts'],
      cwd: path.join(p.repoRoot, 'signaling'),
      healthUrl: `http://127.0.0.1:${port}/healthz`,
      env: {
        LOG_LEVEL: logLevel,
        REDIS_URL: shared.redisUrl,
        SIGNALING_NODE_ID: `signaling-${i + 1}`,
        SIGNALING_PORT: String(port),
        JWT_PUBLIC_KEY_FILE: path.join(p.keysDir, 'jwt-public.pem'),
        MEDIA_RPC_SECRET: shared.rpcSecret,
      },
    });
  });
  specs.push({
    name: 'web',
    command: node,
    args: [...tsx, 'serve.ts'],
    cwd: path.join(p.repoRoot, 'web'),
    healthUrl: `http://127.0.0.1:${ports.web}/healthz`,
    env: {
      WEB_PORT: String(ports.web),
      API_URL: `http://127.0.0.1:${ports.api}`,
      SIGNALING_URLS: signalingUrls,
    },
  });
  return specs;
}
