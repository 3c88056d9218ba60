// The protocol's events, bound to one socket.
import type { CoopeSocket } from '../calls/local-peers.js';
import type { JoinFlow } from '../calls/join-flow.js';
import type { MediaHandlers } from '../calls/media-handlers.js';
import type { PeerCloser } from '../calls/peer-closer.js';
import type { ResumeFlow } from '../calls/resume-flow.js';
import type { SessionConflicts } from '../calls/session-conflicts.js';
import { AppError } from '../errors.js';
import { socketRooms } from '../ids.js';
import type { Presence } from '../presence/presence.js';
import type { EventHandlers } from './event-dispatch.js';

export interface SocketServices {
  join: JoinFlow;
  resume: ResumeFlow;
  media: MediaHandlers;
  closer: PeerCloser;
  conflicts: SessionConflicts;
  presence: Presence;
}

const MAX_PRESENCE_SUBSCRIPTIONS = 2_000;

export function socketHandlers(socket: CoopeSocket, s: SocketServices): EventHandlers {
  const m = s.media;
  return {
    join: (p) => s.join.join(socket, p),
    resume: (p) => s.resume.resume(socket, p),
    getExistingProducers: () => m.getExistingProducers(socket),
    createTransport: (p) => m.createTransport(socket, p),
    connectTransport: (p) => m.connectTransport(socket, p),
    restartIce: (p) => m.restartIce(socket, p),
    produce: (p) => m.produce(socket, p),
    pauseProducer: (p) => m.setProducerPaused(socket, p.producerId, true),
    resumeProducer: (p) => m.setProducerPaused(socket, p.producerId, false),
    closeProducer: (p) => m.closeProducer(socket, p),
    consume: (p) => m.consume(socket, p),
    pauseConsumer: (p) => m.consumerCall(socket, 'pauseConsumer', p.consumerId),
    resumeConsumer: (p) => m.consumerCall(socket, 'resumeConsumer', p.consumerId),
    setPreferredLayers: (p) => m.setPreferredLayers(socket, p),
    leave: async () => {
      await s.closer.leave(socket);
      return {};
    },
    resolveSessionConflict: async (p) => {
      await s.conflicts.resolve(socket.data.user.userId, p.conflictId, p.choice);
      return {};
    },
    subscribePresence: async (p) => {
      const current = [...socket.rooms].filter((r) => r.startsWith('presence:')).length;
      if (current + p.userIds.length > MAX_PRESENCE_SUBSCRIPTIONS) throw new AppError('BAD_REQUEST', 'too many presence subscriptions');
      // Ids that are not friends are left out: a stranger learns nothing, not even "offline".
      const friends = await s.presence.friendsAmong(socket.data.user.userId, p.userIds);
      socket.join(friends.map(socketRooms.presence));
      const online = await s.presence.isOnline(friends);
      return { presence: friends.map((userId, i) => ({ userId, online: online[i] ?? false })) };
    },
    unsubscribePresence: async (p) => {
      for (const id of p.userIds) socket.leave(socketRooms.presence(id));
      return {};
    },
  };
}
