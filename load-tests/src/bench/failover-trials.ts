// The two failover trials the benchmark runs against a live call cluster with bots in it:
// kill -9 of the media node holding the most rooms, and kill -9 of a signaling node.
import type { MediaBot } from '../bots/media-bot.js';
import type { ServiceProcess } from '../services/service-process.js';

/** A process a trial can kill: one of ours (ServiceProcess) or a supervised child of the local cluster. */
export interface Victim {
  name: string;
  /** Where it answers HTTP (its /metrics). */
  baseUrl: string | undefined;
  alive(): boolean;
  kill9(): Promise<void>;
}

export function victimOf(p: ServiceProcess): Victim {
  return {
    name: p.name,
    baseUrl: p.baseUrl,
    alive: () => p.child.exitCode === null && p.child.signalCode === null,
    kill9: () => p.kill9(),
  };
}

export interface TrialResult {
  victim: string;
  killedAt: number;
  /** Bots the kill touched (their room was on the node, or their socket was). */
  affected: number;
  /** Per affected bot: ms from the kill until media flowed again (or the resume completed). */
  recoveryMs: number[];
  /** Affected bots that did not recover within the timeout, or whose call ended. */
  lost: number;
  /** Per affected bot (media trials): ms from the kill until its client finished rebuilding (media-reset). */
  rebuiltMs?: number[];
}

/** A bot that received media within this long is in the call; a longer silence is an outage. */
const RECENT_MS = 1000;

export async function waitFor(cond: () => boolean, timeoutMs: number, stepMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return cond();
}

/** Rooms a media node holds, from its own /metrics (coope_media_rooms). */
export async function roomsOn(node: Victim): Promise<number> {
  try {
    const text = await (await fetch(`${node.baseUrl}/metrics`, { signal: AbortSignal.timeout(2000) })).text();
    const line = text.split('\n').find((l) => l.startsWith('coope_media_rooms '));
    return line ? Number(line.split(' ')[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * When media came back after the kill: the first flow start on a receive transport other than the one
 * the bot had at the kill (media can only return through the rebuilt transport; a sample just after
 * the kill may still count packets that were in flight).
 */
function backAt(b: MediaBot, killedAt: number, transportAtKill: string | undefined): number | null {
  return b.record.flowStarts.find((f) => f.at > killedAt && f.transportId !== transportAtKill)?.at ?? null;
}

/**
 * Faults the media node holding the most rooms (kill -9 unless `fault` says otherwise, e.g. SIGTERM for a
 * drain) and waits until every bot of its rooms receives media again through a rebuilt transport.
 */
export async function killMediaNode(
  nodes: Victim[],
  bots: MediaBot[],
  timeoutMs: number,
  fault: (victim: Victim) => Promise<void> = (v) => v.kill9(),
): Promise<TrialResult> {
  const alive = nodes.filter((n) => n.alive());
  const rooms = await Promise.all(alive.map(roomsOn));
  const victim = alive[rooms.indexOf(Math.max(...rooms))]!;
  const transports = new Map(bots.map((b) => [b, b.client.session?.recvTransport?.id]));
  const killedAt = Date.now();
  await fault(victim);
  const reset = (b: MediaBot) => b.record.recoveries.some((r) => r.kind === 'media-reset' && r.at > killedAt);
  const back = (b: MediaBot) => backAt(b, killedAt, transports.get(b)) !== null && b.flowedWithin(RECENT_MS) && b.record.ended === null;
  // A room was on the victim when any of its bots got media-reset or has had no media for a while.
  const affectedBots = () => {
    const rooms = new Set(bots.filter((b) => reset(b) || !b.flowedWithin(RECENT_MS)).map((b) => b.identity.roomId));
    return bots.filter((b) => rooms.has(b.identity.roomId));
  };
  await waitFor(() => bots.some(reset) && affectedBots().every(back) && bots.every((b) => b.flowedWithin(RECENT_MS)), timeoutMs);
  const affected = affectedBots();
  const recoveryMs = affected.flatMap((b) => {
    const at = backAt(b, killedAt, transports.get(b));
    return at === null ? [] : [at - killedAt];
  });
  const lost = affected.filter((b) => !back(b)).length;
  // Splits recovery into signaling + client rebuild, and the rest (ICE/DTLS, keyframe, stats sampling).
  const rebuiltMs = affected.flatMap((b) => {
    const r = b.record.recoveries.find((x) => x.kind === 'media-reset' && x.at > killedAt);
    return r ? [r.at - killedAt] : [];
  });
  return { victim: victim.name, killedAt, affected: affected.length, recoveryMs, lost, rebuiltMs };
}

/** The signaling URL the bot's socket uses now (it rotates to the next URL on every reconnect). */
function currentUrl(b: MediaBot): string {
  return (b.socket.io as unknown as { uri: string }).uri.replace(/\/$/, '');
}

export async function killSignalingNode(node: Victim, bots: MediaBot[], timeoutMs: number): Promise<TrialResult> {
  const onIt = bots.filter((b) => currentUrl(b) === node.baseUrl);
  const killedAt = Date.now();
  await node.kill9();
  const resumed = (b: MediaBot) => b.record.recoveries.some((r) => r.kind === 'resume' && r.at > killedAt);
  await waitFor(() => onIt.every(resumed), timeoutMs);
  // Media should not have stopped at all (the media node lives on); wait briefly for any that did.
  await waitFor(() => bots.every((b) => b.flowedWithin(RECENT_MS)), 3000);
  const recoveryMs = onIt.flatMap((b) => {
    const r = b.record.recoveries.find((x) => x.kind === 'resume' && x.at > killedAt);
    return r ? [r.at - killedAt] : [];
  });
  const lost = bots.filter((b) => b.record.ended !== null || !b.flowedWithin(RECENT_MS) || (onIt.includes(b) && !resumed(b))).length;
  return { victim: node.name, killedAt, affected: onIt.length, recoveryMs, lost };
}
