// Pure parts of the chaos suite: its port plan, and how a run becomes chaos.json (figures, failed checks).
import { describe, expect, it } from 'vitest';
import { chaosResult, failedChecks } from '../src/chaos/chaos-result.ts';
import type { ChaosRun } from '../src/chaos/chaos-runner.ts';
import { QUICK } from '../src/chaos/chaos-runner.ts';
import { chaosPorts } from '../src/chaos/ports.ts';

describe('chaosPorts', () => {
  it('puts every port of the cluster inside [base, base + 500) without overlaps', () => {
    const p = chaosPorts(16_000);
    const ranges = [
      ...[p.redis, p.mysql, p.api, ...(p.apiExtra ?? []), ...p.signaling, ...p.mediaRpc, ...p.mediaRtcBase].map((x) => [x, x] as const),
      ...p.mediaPipe,
    ];
    for (const [lo, hi] of ranges) {
      expect(lo).toBeGreaterThanOrEqual(16_000);
      expect(hi).toBeLessThan(16_500);
    }
    const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]![0], JSON.stringify(sorted)).toBeGreaterThan(sorted[i - 1]![1]);
    expect(p.apiExtra).toHaveLength(1);
  });

  it('refuses a base whose ports would not fit', () => {
    expect(() => chaosPorts(80)).toThrow(/bad chaos port base/);
    expect(() => chaosPorts(65_300)).toThrow(/bad chaos port base/);
  });
});

function fakeRun(over: Partial<ChaosRun> = {}): ChaosRun {
  const scenario = (figures: Record<string, number | null>, checks: Record<string, boolean>) => ({ figures, checks, details: {}, startedAt: 0, durationMs: 1 });
  return {
    options: QUICK,
    clusterStartMs: 1,
    scenarios: {
      mediaKill: scenario({ recoveryP95Ms: 1800, peersLost: 0 }, { noPeerLost: true }),
      mariadbRestart: scenario({ requestsHung: 1 }, { noRequestHung: false, readinessCameBack: true }),
    },
    final: { edits: [{ acked: 10, lost: 0, missing: [] }], messages: [{ acked: 5, lost: 2, missing: ['a', 'b'] }] },
    processExits: [],
    ...over,
  };
}

describe('chaos result', () => {
  it('lists the checks that failed, including losses found at the end', () => {
    expect(failedChecks(fakeRun())).toEqual(['mariadbRestart.noRequestHung', 'final.noAcknowledgedMessageLost']);
  });

  it('flattens scenario figures into camelCase headline keys', () => {
    const r = chaosResult(fakeRun(), 'pnpm bench chaos');
    expect(r.figures).toMatchObject({
      mediaKillRecoveryP95Ms: 1800,
      mediaKillPeersLost: 0,
      mariadbRestartRequestsHung: 1,
      acknowledgedEditsLost: 0,
      acknowledgedMessagesLost: 2,
      failedChecks: 2,
    });
    expect(r.targets?.mediaKillRecoveryP95Ms).toBe('<= 2000');
  });
});
