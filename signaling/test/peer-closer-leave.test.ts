// leave asks the media node to close the peer only when the peer may own media there (a join → leave
// without transports needs no media RPC); a resumed peer always counts as owning media.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { CallPeer, emptyMedia, type PeerIdentity } from '../src/calls/call-peer.js';
import { type CoopeSocket, LocalPeers } from '../src/calls/local-peers.js';
import { PeerCloser, type PeerCloserDeps } from '../src/calls/peer-closer.js';
import { Metrics } from '../src/metrics.js';

const log = pino({ level: 'silent' });
let n = 0;

function setup() {
  const mediaCalls: string[] = [];
  const broadcasts: string[] = [];
  const local = new LocalPeers('sig-test');
  const deps = {
    store: { remove: async () => ({ removed: true, roomEmpty: false, announced: false, producerIds: [] }) },
    media: {
      call: async (_at: unknown, method: string) => {
        mediaCalls.push(method);
        return { closedTransports: 0 };
      },
    },
    bus: { on: () => {}, remoteEmit: () => undefined, toRoom: (_room: string, event: string) => broadcasts.push(event) },
    local,
    releaseHome: async () => {},
    metrics: new Metrics(),
    log,
    peerGraceMs: 1_000,
  } as unknown as PeerCloserDeps;
  const closer = new PeerCloser(deps);
  const attach = (media?: ReturnType<typeof emptyMedia>) => {
    const id: PeerIdentity = { peerId: `p${++n}`, roomId: 'room-1', userId: `u${n}`, name: '', role: 'member', resumeToken: 't', device: '' };
    const socket = { id: `s${n}`, data: {}, leave: () => {} } as unknown as CoopeSocket;
    const peer = new CallPeer(id, { nodeId: 'media-1', epoch: 1 }, log, media);
    local.add(socket, peer);
    return { socket, peer };
  };
  return { closer, attach, mediaCalls, broadcasts };
}

describe('PeerCloser.leave', () => {
  it('skips closePeer for a peer that never asked for media, and still tells the room', async () => {
    const t = setup();
    const { socket } = t.attach();
    await t.closer.leave(socket);
    expect(t.mediaCalls).toEqual([]);
    expect(t.broadcasts).toEqual(['peerLeft']);
  });

  it('closes the peer on its media node once a transport was asked for', async () => {
    const t = setup();
    const { socket, peer } = t.attach();
    peer.markMediaUsed();
    await t.closer.leave(socket);
    expect(t.mediaCalls).toEqual(['closePeer']);
  });

  it('closes a resumed peer even when its snapshot holds no media', async () => {
    const t = setup();
    const { socket, peer } = t.attach(emptyMedia());
    expect(peer.mediaUsed).toBe(true);
    await t.closer.leave(socket);
    expect(t.mediaCalls).toEqual(['closePeer']);
  });
});
