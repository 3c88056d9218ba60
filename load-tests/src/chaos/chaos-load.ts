// The load every chaos scenario runs under: wrtc media bots in a few calls (spread over both signaling
// nodes), co-editors on every document through both api nodes, and chat senders. It also answers the
// suite's questions: is everyone back, and did the cluster lose anything it acknowledged?
import { Fleet } from '../bots/fleet.js';
import { mintedIdentities } from '../bots/identities.js';
import type { MediaBot } from '../bots/media-bot.js';
import type { ChaosAccounts } from './chaos-accounts.js';
import type { ChaosCluster } from './chaos-cluster.js';
import { ChatSender, missingFromHistory } from './chat-sender.js';
import { CollabEditor } from './collab-editor.js';
import { waitUntil } from './wait.js';

export interface LoadOptions {
  rooms: number;
  botsPerRoom: number;
  /** Per editor and per chat sender. */
  editIntervalMs: number;
  chatIntervalMs: number;
}

/** A bot that received media this recently is in the call. */
export const RECENT_MS = 1000;

export interface Losses {
  acked: number;
  lost: number;
  missing: string[];
}

export class ChaosLoad {
  private constructor(
    readonly fleet: Fleet,
    readonly editors: CollabEditor[],
    readonly chat: ChatSender[],
    readonly accounts: ChaosAccounts,
  ) {}

  static async start(cluster: ChaosCluster, accounts: ChaosAccounts, o: LoadOptions): Promise<ChaosLoad> {
    const urls = cluster.apiUrls;
    const editors = accounts.documentIds.flatMap((documentId, d) =>
      urls.map((_, start) => {
        const session = accounts.editors[start % accounts.editors.length]!;
        return new CollabEditor({ urls, start, documentId, token: session.accessToken, name: `d${d}e${start}`, intervalMs: o.editIntervalMs }).start();
      }),
    );
    const chat = accounts.chatPairs.map(
      ([from, to], i) => new ChatSender({ urls, start: i, from, toUserId: to.userId, intervalMs: o.chatIntervalMs }).start(),
    );
    const identities = await mintedIdentities(cluster.minter, o.rooms * o.botsPerRoom, o.rooms);
    const fleet = await Fleet.start({ identities, signalingUrls: cluster.signalingUrls, media: { width: 160, height: 120, fps: 10 }, statsIntervalMs: 100, concurrency: 2 });
    const load = new ChaosLoad(fleet, editors, chat, accounts);
    if (fleet.bots.length !== identities.length) {
      await load.stop();
      throw new Error(`only ${fleet.bots.length}/${identities.length} bots joined: ${fleet.failures.join('; ')}`);
    }
    return load;
  }

  get bots(): MediaBot[] {
    return this.fleet.bots;
  }

  steady(): boolean {
    return this.bots.every((b) => b.flowedWithin(RECENT_MS) && b.record.ended === null) && this.editors.every((e) => e.synced);
  }

  /** Every bot receives all its media and every editor is synced. */
  async waitSteady(timeoutMs: number): Promise<void> {
    await waitUntil(
      () => this.steady(),
      timeoutMs,
      () => `load not steady: ${this.bots.filter((b) => !b.flowedWithin(RECENT_MS)).length} bots without media, ${this.editors.filter((e) => !e.synced).length} editors not synced`,
    );
  }

  /** Acknowledged edits missing from the documents as a fresh reader on `url` loads them. */
  async lostEdits(url: string): Promise<Losses> {
    const acked = new Map(this.accounts.documentIds.map((id) => [id, new Set<string>()]));
    for (const e of this.editors) for (const item of e.acked) acked.get(e.o.documentId)!.add(item);
    const missing: string[] = [];
    for (const [documentId, items] of acked) {
      const reader = new CollabEditor({ urls: [url], start: 0, documentId, token: this.accounts.editors[0]!.accessToken, name: 'reader', intervalMs: 0 }).start();
      try {
        await waitUntil(() => reader.synced, 30_000, () => `reader on ${url} never synced ${documentId}`);
        const present = new Set(reader.log.toArray());
        missing.push(...[...items].filter((i) => !present.has(i)));
      } finally {
        reader.close();
      }
    }
    return { acked: [...acked.values()].reduce((n, s) => n + s.size, 0), lost: missing.length, missing: missing.slice(0, 20) };
  }

  /** Acknowledged chat messages missing from the history read through `url`. */
  async lostMessages(url: string): Promise<Losses> {
    const snapshots = this.chat.map((s) => [...s.acked]);
    const missing = (await Promise.all(this.chat.map((s, i) => missingFromHistory(url, s, snapshots[i]!)))).flat();
    return { acked: snapshots.reduce((n, s) => n + s.length, 0), lost: missing.length, missing: missing.slice(0, 20) };
  }

  async stop(): Promise<void> {
    for (const e of this.editors) e.close();
    await Promise.all(this.chat.map((c) => c.stop()));
    await this.fleet.leaveAll();
  }
}
