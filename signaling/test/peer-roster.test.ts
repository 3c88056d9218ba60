// The client's peer list: reset from join/resume acks (without self), kept current by joins and leaves.
import { describe, expect, it } from 'vitest';
import { PeerRoster } from '../src/client/index.js';
import { serverEvents } from '../src/protocol/index.js';

describe('PeerRoster', () => {
  it('follows acks, peerJoined and peerLeft, and reports every change', () => {
    const changes: string[][] = [];
    const roster = new PeerRoster((peers) => changes.push(peers.map((p) => p.name)));
    roster.reset(
      [
        { peerId: 'me', userId: 'u0', name: 'Me' },
        { peerId: 'a', userId: 'u1', name: 'Ada' },
      ],
      'me',
    );
    roster.add({ peerId: 'b', userId: 'u2', name: 'Bo' });
    roster.add({ peerId: 'b', userId: 'u2', name: 'Bo B.' });
    roster.remove('a');
    roster.remove('nobody');
    expect(roster.list()).toEqual([{ peerId: 'b', userId: 'u2', name: 'Bo B.' }]);
    roster.clear();
    expect(changes).toEqual([['Ada'], ['Ada', 'Bo'], ['Ada', 'Bo B.'], ['Bo B.'], []]);
  });

  it('media-reset may say that only this peer is re-homed (additive field)', () => {
    const base = { roomId: 'r', epoch: 3, reason: 'media server lost', routerRtpCapabilities: {} };
    expect(serverEvents['media-reset'].parse(base)).toEqual(base);
    expect(serverEvents['media-reset'].parse({ ...base, rehome: true }).rehome).toBe(true);
  });
});
