// During a database outage: each api node's /readyz polled every 100 ms (state changes kept), and a
// probe per node that makes database-backed requests one after another and times each, so a request
// that hangs shows up as one that took `hangMs` (the client gives up there, the server never answered).
import type { ApiSession } from '../services/api-client.js';
import { sleep, tryFetch } from './wait.js';

export interface ReadyChange {
  url: string;
  at: number;
  ready: boolean;
}

export interface ProbeSample {
  url: string;
  at: number;
  ms: number;
  /** HTTP status, or 0 when the request failed or timed out. */
  status: number;
  hung: boolean;
}

export class ReadinessWatch {
  readonly changes: ReadyChange[] = [];
  readonly samples: ProbeSample[] = [];
  #stopped = false;
  #loops: Promise<void>[] = [];

  constructor(
    readonly urls: readonly string[],
    readonly session: ApiSession,
    readonly hangMs: number,
  ) {}

  start(): this {
    this.#loops = this.urls.flatMap((url) => [this.#watch(url), this.#probe(url)]);
    return this;
  }

  /** Stops polling; waits for in-flight probes (each ends within hangMs). */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all(this.#loops);
  }

  /** First change of `url` to `ready` at or after `since`. */
  firstChange(url: string, ready: boolean, since: number): number | null {
    return this.changes.find((c) => c.url === url && c.ready === ready && c.at >= since)?.at ?? null;
  }

  async #watch(url: string): Promise<void> {
    let last: boolean | undefined;
    while (!this.#stopped) {
      const res = await tryFetch(`${url}/readyz`, 2000);
      await res?.body?.cancel();
      const ready = res?.status === 200;
      if (ready !== last) this.changes.push({ url, at: Date.now(), ready });
      last = ready;
      await sleep(100);
    }
  }

  async #probe(url: string): Promise<void> {
    while (!this.#stopped) {
      const at = Date.now();
      let status = 0;
      let hung = false;
      try {
        const res = await fetch(`${url}/chat/conversations`, {
          headers: { authorization: `Bearer ${this.session.accessToken}` },
          signal: AbortSignal.timeout(this.hangMs),
        });
        await res.body?.cancel();
        status = res.status;
      } catch (err) {
        hung = (err as Error).name === 'TimeoutError';
      }
      this.samples.push({ url, at, ms: Date.now() - at, status, hung });
      await sleep(100);
    }
  }
}
