// The node's counters kept in plain fields on the hot path reach /metrics when it is scraped.
import { describe, expect, it } from 'vitest';
import { Metrics } from '../src/metrics.js';

const lines = async (m: Metrics, pattern: RegExp) =>
  (await m.registry.metrics()).split('\n').filter((l) => !l.startsWith('#') && pattern.test(l));

describe('Metrics', () => {
  it('exposes sockets, peers, joins and event timings as they stand at the scrape', async () => {
    const m = new Metrics();
    m.socketConnected();
    m.socketConnected();
    m.socketDisconnected();
    m.peerAttached();
    m.joinFinished('ok', performance.now());
    m.joinFinished('error', performance.now());
    m.eventHandled('join', 'ok', performance.now());
    expect(await lines(m, /connected_sockets|call_peers|joins_total|join_duration_seconds_count|event_duration_seconds_count/)).toEqual([
      'coope_signaling_connected_sockets 1',
      'coope_signaling_call_peers 1',
      'coope_signaling_joins_total{result="ok"} 1',
      'coope_signaling_joins_total{result="error"} 1',
      'coope_signaling_join_duration_seconds_count 1',
      'coope_signaling_event_duration_seconds_count{event="join",result="ok"} 1',
      'coope_signaling_event_duration_seconds_count{event="join",result="error"} 0',
    ]);
    m.peerDetached();
    m.joinFinished('ok', performance.now());
    expect(await lines(m, /call_peers|joins_total\{result="ok"\}/)).toEqual(['coope_signaling_call_peers 0', 'coope_signaling_joins_total{result="ok"} 2']);
  });
});
