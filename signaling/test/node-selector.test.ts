import type { MediaNodeRecord } from '@coope/media-node/keys';
import { describe, expect, it } from 'vitest';
import { eligibleNodes, loadScore, orderCandidates } from '../src/registry/node-selector.js';

const now = 1_000_000;
function rec(id: string, cpu: number, o: Partial<MediaNodeRecord> = {}): MediaNodeRecord {
  return {
    id,
    bootId: 'boot',
    rpcUrl: `ws://${id}/rpc`,
    announcedIp: '127.0.0.1',
    workers: 2,
    state: 'SERVING',
    load: { rooms: 0, transports: 0, producers: 0, consumers: 0, consumerBudget: 1000, workerConsumers: [0, 0], workerCpu: [cpu, cpu] },
    updatedAt: now - 100,
    ttlMs: 3000,
    ...o,
  };
}

describe('node selector', () => {
  it('ignores stale, DRAINING and excluded nodes', () => {
    const records = [rec('a', 0.1), rec('b', 0.1, { updatedAt: now - 3001 }), rec('c', 0.1, { state: 'DRAINING' }), rec('d', 0.1)];
    expect(eligibleNodes(records, { now, exclude: new Set(['d']) }).map((r) => r.id)).toEqual(['a']);
    expect(orderCandidates([rec('b', 0, { updatedAt: now - 5000 })], { now })).toEqual([]);
  });

  it('scores by the fuller of CPU and consumer budget', () => {
    expect(loadScore(rec('a', 0.2))).toBeCloseTo(0.2, 3);
    const full = rec('b', 0.1, { load: { rooms: 0, transports: 0, producers: 0, consumers: 900, consumerBudget: 1000, workerConsumers: [900], workerCpu: [0.1] } });
    expect(loadScore(full)).toBeCloseTo(0.9, 3);
  });

  it('puts the less loaded of the two sampled nodes first', () => {
    const records = [rec('busy', 0.9), rec('idle', 0.1)];
    for (let i = 0; i < 50; i++) {
      const order = orderCandidates(records, { now, random: Math.random });
      expect(order.map((r) => r.id)).toEqual(['idle', 'busy']);
    }
  });

  it('spreads over many nodes, never choosing the most loaded first', () => {
    const records = [rec('n0', 0.1), rec('n1', 0.2), rec('n2', 0.3), rec('n3', 0.95)];
    const firsts = new Map<string, number>();
    for (let i = 0; i < 4000; i++) {
      const id = orderCandidates(records, { now })[0]!.id;
      firsts.set(id, (firsts.get(id) ?? 0) + 1);
    }
    expect(firsts.get('n3') ?? 0).toBe(0);
    // Two choices: the lightest wins whenever sampled (1/2 of draws), the second lightest 1/3, the third 1/6.
    expect(firsts.get('n0')! / 4000).toBeGreaterThan(0.4);
    expect(firsts.get('n2')! / 4000).toBeGreaterThan(0.1);
    expect(firsts.get('n2')! / 4000).toBeLessThan(0.25);
  });

  it('returns every eligible node, so capped nodes have fallbacks', () => {
    const records = [rec('a', 0.5), rec('b', 0.2), rec('c', 0.1), rec('d', 0.3)];
    const order = orderCandidates(records, { now });
    expect(order.map((r) => r.id).sort()).toEqual(['a', 'b', 'c', 'd']);
  });
});
