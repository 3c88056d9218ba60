// A chat sender: posts DMs to a friend through the api nodes in turn, one at a time. A failed attempt
// (node killed, database down) is retried on the next node with the same clientMessageId, the api's
// idempotency key, until a 2xx acknowledges it. Afterwards `missingFromHistory` checks every
// acknowledged message is in the conversation.
import { randomUUID } from 'node:crypto';
import type { ApiSession } from '../services/api-client.js';
import { sleep } from './wait.js';

/** A send unanswered this long is abandoned (and counts as a hanging request in the outage scenarios). */
export const ATTEMPT_TIMEOUT_MS = 15_000;
const GIVE_UP_MS = 90_000;

export interface ChatSenderOptions {
  urls: readonly string[];
  start: number;
  from: ApiSession;
  toUserId: string;
  intervalMs: number;
}

export class ChatSender {
  readonly acked = new Set<string>();
  /** Messages that were never acknowledged within GIVE_UP_MS (not losses: nobody was told they were sent). */
  readonly abandoned: string[] = [];
  /** Every attempt: when, how long it took, and whether it was acknowledged. */
  readonly attempts: { at: number; ms: number; ok: boolean }[] = [];
  #urlIndex: number;
  #stopped = false;
  #loop: Promise<void> | undefined;

  constructor(readonly o: ChatSenderOptions) {
    this.#urlIndex = o.start;
  }

  start(): this {
    this.#loop = this.#run();
    return this;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#loop;
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      const id = randomUUID();
      const started = Date.now();
      while (!(await this.#attempt(id))) {
        if (Date.now() - started > GIVE_UP_MS) {
          this.abandoned.push(id);
          break;
        }
        this.#urlIndex++;
        await sleep(100);
      }
      await sleep(this.o.intervalMs);
    }
  }

  async #attempt(clientMessageId: string): Promise<boolean> {
    const url = this.o.urls[this.#urlIndex % this.o.urls.length]!;
    const at = Date.now();
    let ok = false;
    try {
      const res = await fetch(`${url}/chat/${this.o.toUserId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.o.from.accessToken}` },
        body: JSON.stringify({ clientMessageId, body: `chaos ${clientMessageId}` }),
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      await res.body?.cancel();
      ok = res.status === 200 || res.status === 201;
    } catch {}
    this.attempts.push({ at, ms: Date.now() - at, ok });
    if (ok) this.acked.add(clientMessageId);
    return ok;
  }
}

/** Of `acked` (a snapshot of sender.acked), those the conversation's history read through `url` lacks. */
export async function missingFromHistory(url: string, sender: ChatSender, acked: readonly string[]): Promise<string[]> {
  const seen = new Set<string>();
  let before: number | null | undefined;
  do {
    const query = `limit=100${before ? `&before=${before}` : ''}`;
    const res = await fetch(`${url}/chat/${sender.o.toUserId}/messages?${query}`, {
      headers: { authorization: `Bearer ${sender.o.from.accessToken}` },
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`chat history: HTTP ${res.status} ${await res.text()}`);
    const page = (await res.json()) as { items: { clientMessageId: string }[]; nextBefore: number | null };
    for (const m of page.items) seen.add(m.clientMessageId);
    before = page.nextBefore;
  } while (before);
  return acked.filter((id) => !seen.has(id));
}
