// One supervised process of the chaos cluster (api-N, signaling-N, media-N): its pid, signals, and its
// /readyz. The supervisor restarts it after it dies, like an orchestrator would.
import type { ChildSpec, Supervisor } from '../../../deploy/local/src/supervisor.js';
import type { Victim } from '../bench/failover-trials.js';
import { tryFetch, waitUntil } from './wait.js';

export type NodeKind = 'api' | 'signaling' | 'media';

export class ClusterNode {
  readonly kind: NodeKind;
  readonly baseUrl: string;

  constructor(
    readonly spec: ChildSpec,
    readonly supervisor: Supervisor,
  ) {
    this.kind = spec.name.split('-')[0] as NodeKind;
    this.baseUrl = spec.healthUrl!.replace(/\/healthz$/, '');
  }

  get name(): string {
    return this.spec.name;
  }

  pid(): number | undefined {
    return this.supervisor.states().find((s) => s.name === this.name)?.pid;
  }

  /** Sends `signal` to the current process; resolves with the pid it was sent to. */
  signal(signal: NodeJS.Signals): number {
    const pid = this.pid();
    if (pid === undefined) throw new Error(`${this.name} has no running process`);
    process.kill(pid, signal);
    return pid;
  }

  /** Until the process `pid` is gone (the supervisor then restarts it after its backoff). */
  async exited(pid: number, timeoutMs = 30_000): Promise<number> {
    await waitUntil(() => this.pid() !== pid, timeoutMs, () => `${this.name} (pid ${pid}) still running`, 20);
    return Date.now();
  }

  async kill9(): Promise<void> {
    await this.exited(this.signal('SIGKILL'));
  }

  async ready(): Promise<boolean> {
    const res = await tryFetch(`${this.baseUrl}/readyz`);
    await res?.body?.cancel();
    return res?.status === 200;
  }

  /** Media nodes a signaling node is connected to (its /readyz detail); -1 when it does not answer. */
  async mediaNodesSeen(): Promise<number> {
    const res = await tryFetch(`${this.baseUrl}/readyz`);
    if (!res) return -1;
    try {
      return Number(((await res.json()) as { mediaNodes?: number }).mediaNodes ?? 0);
    } catch {
      return -1;
    }
  }

  victim(): Victim {
    return { name: this.name, baseUrl: this.baseUrl, alive: () => this.pid() !== undefined, kill9: () => this.kill9() };
  }
}
