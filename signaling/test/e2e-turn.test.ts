// Callers on networks that allow no direct path get media through TURN: with the ticket's ICE
// servers and iceTransportPolicy 'relay', two clients reach a real media node only through a real
// coturn, which accepts the REST credentials (coturn's use-auth-secret) and refuses expired ones.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MediaBot, startBot } from './helpers/media-bot.js';
import { type MediaProcess, spawnMedia, workerBin } from './helpers/media-process.js';
import { deleteUnder, testRedis, testRedisUrl, uniquePrefix } from './helpers/redis.js';
import { type SignalingProcess, spawnSignaling } from './helpers/signaling-process.js';
import { createTestKeys, type TestKeys } from './helpers/tokens.js';
import { startTurnServer, TURN_BIN, type TurnServer } from './helpers/turn-server.js';

const prefix = uniquePrefix('turn');
const redis = testRedis();
let media: MediaProcess;
let signaling: SignalingProcess;
let turn: TurnServer;
let keys: TestKeys;
const bots: MediaBot[] = [];

beforeAll(async () => {
  if (!existsSync(workerBin)) throw new Error(`mediasoup worker not built (${workerBin})`);
  if (!existsSync(TURN_BIN)) throw new Error(`${TURN_BIN} missing: install Debian's coturn (npm test does it as root)`);
  keys = await createTestKeys();
  turn = await startTurnServer();
  media = await spawnMedia({ id: 'turn-m1', redis, redisUrl: testRedisUrl(), prefix });
  signaling = await spawnSignaling({ id: 'turn-s1', prefix, keys, mediaNodes: 1 });
});

afterAll(async () => {
  for (const b of bots) await b.stop().catch(() => {});
  await signaling?.stop().catch(() => {});
  await media?.stop().catch(() => {});
  await turn?.stop().catch(() => {});
  await deleteUnder(redis, prefix);
  redis.disconnect();
});

/** The candidate types of the transport's selected ICE pair, as the client's WebRTC stack reports them. */
async function selectedPair(bot: MediaBot): Promise<{ local?: string; remote?: string }> {
  const report = (await bot.client.session!.sendTransport!.getStats()) as unknown as Map<string, Record<string, unknown>>;
  const stats = [...report.values()];
  const transport = stats.find((s) => s.type === 'transport');
  const pair = stats.find((s) => s.type === 'candidate-pair' && (s.id === transport?.selectedCandidatePairId || s.nominated === true || s.selected === true));
  const candidate = (id: unknown) => stats.find((s) => s.id === id)?.candidateType as string | undefined;
  return { local: candidate(pair?.localCandidateId), remote: candidate(pair?.remoteCandidateId) };
}

describe('media through TURN', () => {
  it('flows both ways between two relay-only clients, over relay candidates', async () => {
    const urls = [signaling.url];
    for (const userId of ['tia', 'tom']) {
      const iceServers = [{ urls: [turn.url], ...turn.credentials(userId) }];
      bots.push(await startBot({ userId, roomId: 'turn-room', urls, keys, iceServers, iceTransportPolicy: 'relay' }));
    }
    await expect
      .poll(() => bots.every((b) => b.received('camera') >= 10 && b.received('mic') >= 10), { timeout: 30_000, interval: 100 })
      .toBe(true);
    for (const bot of bots) expect(await selectedPair(bot)).toEqual({ local: 'relay', remote: 'host' });
  });

  it('gets no relay with expired credentials: coturn refuses them and the transport never connects', async () => {
    const iceServers = [{ urls: [turn.url], ...turn.credentials('late', -60) }];
    const late = await startBot({ userId: 'late', roomId: 'turn-room-2', urls: [signaling.url], keys, iceServers, iceTransportPolicy: 'relay' });
    bots.push(late);
    await expect.poll(() => turn.output.some((l) => /check_stun_auth: Cannot find credentials of user <\d+:late>/.test(l)), { timeout: 20_000, interval: 100 }).toBe(true);
    expect(late.client.session!.sendTransport!.connectionState).not.toBe('connected');
    expect(turn.output.filter((l) => /ERROR/.test(l) && /:(tia|tom)>/.test(l))).toEqual([]);
  });
});
