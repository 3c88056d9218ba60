// Redis stopped (SIGTERM, as in a rolling restart) and started again under load: running calls keep
// their media (RTP never touches Redis), every process stays up and becomes ready again by itself, a new
// call can be joined afterwards, and no acknowledged edit or message is lost (append-only file).
import { Fleet } from '../../bots/fleet.js';
import { mintedIdentities } from '../../bots/identities.js';
import type { MediaBot } from '../../bots/media-bot.js';
import { RECENT_MS } from '../chaos-load.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { sleep, waitUntil } from '../wait.js';

/** The longest gap in a bot's received media that overlaps [from, to]. */
function longestGap(b: MediaBot, from: number, to: number): number {
  return b.record.outages.filter((o) => o.to >= from && o.from <= to).reduce((m, o) => Math.max(m, o.to - o.from), 0);
}

/** Per bot, what its call client did in the window (a resume or media reset would explain a gap). */
function clientEvents(bots: MediaBot[], from: number, to: number) {
  return bots.map((b) => ({
    bot: b.identity.userId,
    recoveries: b.record.recoveries.filter((r) => r.at >= from && r.at <= to).map((r) => ({ kind: r.kind, atMs: r.at - from })),
    outages: b.record.outages.filter((o) => o.to >= from && o.from <= to).map((o) => ({ fromMs: o.from - from, toMs: o.to - from })),
    errors: b.record.errors.slice(-3),
  }));
}

interface NewCall {
  ms: number | null;
  /** Why it failed: join failures and the bots' own errors. */
  problems: string[];
}

/** Two fresh bots join a fresh call and receive each other's media; ms until they do, or null. */
async function newCall({ cluster, o }: ScenarioContext): Promise<NewCall> {
  const started = Date.now();
  const fleet = await Fleet.start({
    identities: await mintedIdentities(cluster.minter, 2, 1),
    signalingUrls: cluster.signalingUrls,
    media: { width: 160, height: 120, fps: 10 },
    statsIntervalMs: 100,
  });
  try {
    await waitUntil(() => fleet.bots.length === 2 && fleet.bots.every((b) => b.flowing), o.recoverTimeoutMs);
    return { ms: Date.now() - started, problems: [] };
  } catch {
    return { ms: null, problems: [...fleet.failures, ...fleet.bots.flatMap((b) => b.record.errors.slice(-3))] };
  } finally {
    await fleet.leaveAll();
  }
}

export const redisRestart: Scenario = {
  name: 'redisRestart',
  async run(ctx) {
    const { cluster, load, o } = ctx;
    const stoppedAt = Date.now();
    await cluster.stores.stopRedis();
    await sleep(o.outageMs);
    await cluster.stores.startRedis();
    const upAt = Date.now();
    const recovered = await cluster.waitHealthy(o.recoverTimeoutMs * 4).then(() => Date.now()).catch(() => null);
    await load.waitSteady(o.recoverTimeoutMs).catch(() => {});
    const steadyAt = Date.now();
    const gaps = load.bots.map((b) => longestGap(b, stoppedAt, steadyAt));
    const exits = cluster.exits.filter((e) => e.at >= stoppedAt).map((e) => e.name);
    const peersLost = load.bots.filter((b) => b.record.ended !== null || !b.flowedWithin(RECENT_MS)).length;
    const fresh = await newCall(ctx);
    const joinMs = fresh.ms;
    const api = cluster.apiUrls[0]!;
    const [edits, messages] = [await load.lostEdits(api), await load.lostMessages(api)];
    return {
      figures: {
        outageMs: upAt - stoppedAt,
        clusterRecoveryMs: recovered === null ? null : recovered - upAt,
        maxMediaGapMs: Math.max(...gaps),
        callsWithMediaGap: gaps.filter((g) => g > RECENT_MS).length,
        peersLost,
        processExits: exits.length,
        newCallMediaMs: joinMs,
        acknowledgedEditsLost: edits.lost,
        acknowledgedMessagesLost: messages.lost,
      },
      checks: {
        callsKeptMedia: gaps.every((g) => g <= RECENT_MS),
        noPeerLost: peersLost === 0,
        clusterRecoveredByItself: recovered !== null,
        noProcessExited: exits.length === 0,
        newCallWorks: joinMs !== null,
        noAcknowledgedEditLost: edits.lost === 0,
        noAcknowledgedMessageLost: messages.lost === 0,
      },
      details: { stoppedAt, upAt, gaps, exits, newCallProblems: fresh.problems, edits, messages, clients: clientEvents(load.bots, stoppedAt, steadyAt) },
    };
  },
};
