// Active speaker aggregation for rooms spanning media nodes (unit test with a fake clock).
import { describe, expect, it } from 'vitest';
import { SpeakerAggregator } from '../src/media/speaker-aggregator.js';

function setup() {
  let now = 0;
  const agg = new SpeakerAggregator({ now: () => now, marginDb: 6, minHoldMs: 1_000, staleMs: 3_000 });
  return { agg, tick: (ms: number) => (now += ms) };
}

const a = { producerId: 'pa', peerId: 'a' };
const b = { producerId: 'pb', peerId: 'b' };
const c = { producerId: 'pc', peerId: 'c' };

describe('SpeakerAggregator', () => {
  it('passes a single node’s choices through unchanged', () => {
    const { agg, tick } = setup();
    expect(agg.speaker('r', 1, 'n1', a)).toEqual(a);
    tick(100);
    expect(agg.speaker('r', 1, 'n1', b)).toEqual(b);
    expect(agg.levels('r', 1, 'n1', [{ ...b, volume: -20 }])).toBeUndefined();
  });

  it('announces only the overall dominant speaker of a room on two nodes, with hysteresis', () => {
    const { agg, tick } = setup();
    expect(agg.speaker('r', 1, 'n1', a)).toEqual(a);
    expect(agg.levels('r', 1, 'n1', [{ ...a, volume: -25 }])).toBeUndefined();
    // n2's own speaker is quieter: no announcement.
    tick(100);
    expect(agg.speaker('r', 1, 'n2', b)).toBeUndefined();
    expect(agg.levels('r', 1, 'n2', [{ ...b, volume: -28 }])).toBeUndefined();
    // Slightly louder is not enough (margin 6 dB)...
    tick(800);
    expect(agg.levels('r', 1, 'n2', [{ ...b, volume: -22 }])).toBeUndefined();
    // ...clearly louder is.
    tick(800);
    expect(agg.levels('r', 1, 'n2', [{ ...b, volume: -15 }])).toEqual(b);
    // n1 reports its speaker again at the same level: b keeps the floor.
    expect(agg.levels('r', 1, 'n1', [{ ...a, volume: -25 }])).toBeUndefined();
    // b goes silent at once: b keeps the floor for the minimum hold time...
    tick(300);
    expect(agg.levels('r', 1, 'n2', [])).toBeUndefined();
    // ...then a takes it back, and keeps it.
    tick(900);
    expect(agg.levels('r', 1, 'n1', [{ ...a, volume: -25 }])).toEqual(a);
    expect(agg.levels('r', 1, 'n2', [])).toBeUndefined();
  });

  it('forgets stale nodes and starts over on a new epoch', () => {
    const { agg, tick } = setup();
    agg.speaker('r', 1, 'n1', a);
    agg.levels('r', 1, 'n1', [{ ...a, volume: -10 }]);
    agg.speaker('r', 1, 'n2', b);
    // n1 stops reporting (left the room): after staleMs n2's speaker wins even though it is quieter.
    tick(3_500);
    expect(agg.levels('r', 1, 'n2', [{ ...b, volume: -40 }])).toEqual(b);
    expect(agg.speaker('r', 2, 'n3', c)).toEqual(c);
  });

  it('passes on a node saying its current speaker again (for a peer that just joined), never a quieter one', () => {
    const { agg, tick } = setup();
    expect(agg.speaker('r', 1, 'n1', a)).toEqual(a);
    expect(agg.speaker('r', 1, 'n1', a)).toEqual(a);
    expect(agg.levels('r', 1, 'n1', [{ ...a, volume: -20 }])).toBeUndefined();
    tick(100);
    // n2's speaker is quieter: saying it again changes nothing.
    expect(agg.speaker('r', 1, 'n2', b)).toBeUndefined();
    expect(agg.speaker('r', 1, 'n2', b)).toBeUndefined();
    expect(agg.speaker('r', 1, 'n1', a)).toEqual(a);
  });
});
