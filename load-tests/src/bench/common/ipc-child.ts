// A benchmark helper process driven over Node's IPC channel: request {id, cmd, ...} → reply {id, ...}.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface IpcChild {
  child: ChildProcess;
  request<T>(cmd: string, args?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

/** Starts `src/bench/<file>` with `node --import tsx` and an IPC channel. */
export function startIpcChild(file: string, env: Record<string, string> = {}): IpcChild {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, file)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  const pending = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  child.on('message', (msg: { id: number; error?: string }) => {
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.error) p.reject(new Error(msg.error));
    else p.resolve(msg as never);
  });
  child.once('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`${file} exited with ${code}`));
    pending.clear();
  });
  return {
    child,
    request: <T>(cmd: string, args: Record<string, unknown> = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (v: never) => void, reject });
        child.send({ id, cmd, ...args });
      }),
    // Disconnecting makes the child exit (serveIpc); SIGTERM would not: mediasoup catches it.
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      if (child.connected) child.disconnect();
      else child.kill('SIGKILL');
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Child side: serve commands until the parent disconnects. */
export function serveIpc(handlers: Record<string, (msg: Record<string, unknown>) => Promise<unknown> | unknown>): void {
  process.on('message', (msg: { id: number; cmd: string } & Record<string, unknown>) => {
    const handler = handlers[msg.cmd];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${msg.cmd}`);
        return handler(msg);
      })
      .then(
        (result) => process.send?.({ id: msg.id, ...(result as object) }),
        (err: Error) => process.send?.({ id: msg.id, error: err.message }),
      );
  });
  process.on('disconnect', () => process.exit(0));
}
