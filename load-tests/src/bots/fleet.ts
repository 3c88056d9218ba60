// N bots over M rooms: starts them a few at a time (joins are CPU-heavy on the client side: a Device,
// two peer connections and two encoders each), reports progress, and summarises what happened.
import { round, summarize } from '../stats.js';
import type { BotIdentity } from './identities.js';
import { MediaBot, type MediaBotOptions } from './media-bot.js';

export interface FleetOptions extends Omit<MediaBotOptions, 'identity' | 'urlIndex' | 'expectedStreams'> {
  identities: BotIdentity[];
  /** Bots joining at the same time. */
  concurrency?: number;
  onProgress?: (p: FleetProgress) => void;
}

export interface FleetProgress {
  total: number;
  joined: number;
  failed: number;
  receiving: number;
}

export interface FleetSummary extends FleetProgress {
  /** Bots that ever received every expected stream. */
  mediaReceived: number;
  joinMs: ReturnType<typeof summarize>;
  firstMediaMs: ReturnType<typeof summarize>;
  /** Outages of received media (e.g. across a media reset), in ms. */
  recoveryMs: ReturnType<typeof summarize>;
  failures: Record<string, number>;
  errors: number;
}

export class Fleet {
  readonly bots: MediaBot[] = [];
  readonly failures: string[] = [];
  readonly #startedAt = new Map<MediaBot, number>();

  constructor(readonly total: number) {}

  progress(): FleetProgress {
    return { total: this.total, joined: this.bots.length, failed: this.failures.length, receiving: this.bots.filter((b) => b.flowing).length };
  }

  summary(): FleetSummary {
    const failures: Record<string, number> = {};
    for (const f of this.failures) failures[f] = (failures[f] ?? 0) + 1;
    const records = this.bots.map((b) => ({ b, r: b.record }));
    return {
      ...this.progress(),
      mediaReceived: records.filter(({ r }) => r.firstMediaAt !== null).length,
      joinMs: summarize(records.map(({ r }) => round(r.joinMs) ?? 0)),
      firstMediaMs: summarize(records.flatMap(({ b, r }) => (r.firstMediaAt === null ? [] : [r.firstMediaAt - this.#startedAt.get(b)!]))),
      recoveryMs: summarize(records.flatMap(({ r }) => r.outages.map((o) => o.to - o.from))),
      failures,
      errors: records.reduce((n, { r }) => n + r.errors.length, 0),
    };
  }

  async leaveAll(): Promise<void> {
    await Promise.all(this.bots.map((b) => b.leave()));
  }

  /** Starts every bot; user i of a room of size k expects (k - 1) * 2 streams when everyone sends both. */
  static async start(o: FleetOptions): Promise<Fleet> {
    const fleet = new Fleet(o.identities.length);
    const roomSizes = new Map<string, number>();
    for (const id of o.identities) roomSizes.set(id.roomId, (roomSizes.get(id.roomId) ?? 0) + 1);
    const kinds = (o.media?.audio === false ? 0 : 1) + (o.media?.video === false ? 0 : 1);
    let next = 0;
    const worker = async () => {
      while (next < o.identities.length) {
        const i = next++;
        const identity = o.identities[i]!;
        const startedAt = Date.now();
        try {
          const expectedStreams = ((roomSizes.get(identity.roomId) ?? 1) - 1) * kinds;
          const bot = await MediaBot.start({ ...o, identity, urlIndex: i, expectedStreams });
          fleet.#startedAt.set(bot, startedAt);
          fleet.bots.push(bot);
        } catch (err) {
          fleet.failures.push((err as Error).message.slice(0, 120));
        }
        o.onProgress?.(fleet.progress());
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 4) }, worker));
    return fleet;
  }
}

export function formatFleetSummary(s: FleetSummary): string {
  const ms = (x: { n: number; p50: number | null; p95: number | null; max: number | null }) =>
    x.n === 0 ? 'none' : `n=${x.n} p50=${x.p50} ms p95=${x.p95} ms max=${x.max} ms`;
  const lines = [
    `joined          ${s.joined}/${s.total}`,
    `failed          ${s.failed}${Object.keys(s.failures).length ? `  ${JSON.stringify(s.failures)}` : ''}`,
    `media received  ${s.mediaReceived}/${s.joined} (receiving now: ${s.receiving})`,
    `join time       ${ms(s.joinMs)}`,
    `first media     ${ms(s.firstMediaMs)}`,
    `recovery times  ${ms(s.recoveryMs)}`,
    `client errors   ${s.errors}`,
  ];
  return lines.join('\n');
}
