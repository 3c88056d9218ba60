// A call participant for end-to-end tests: a socket.io client that fails over between signaling URLs,
// the shared CallClient, synthetic audio+video, and counters of what it decodes from others.
import { io } from 'socket.io-client';
import { CallClient, type IceServer, type ProtocolSocket, rotateUrlsOnReconnect } from '../../src/client/index.js';
import { protocolParser } from '../../src/protocol/index.js';
import type { TestKeys } from './tokens.js';
import { countMedia, createNodeDevice, type Synthetic, syntheticAudio, syntheticVideo } from './wrtc-media.js';

export interface MediaBot {
  userId: string;
  socket: ProtocolSocket;
  client: CallClient;
  /** Decoded video frames / audio chunks from the current consumers of `source` (all peers). */
  received(source: 'camera' | 'mic'): number;
  stop(): Promise<void>;
}

export interface BotOptions {
  userId: string;
  roomId: string;
  urls: string[];
  keys: TestKeys;
  send?: boolean;
  /** Handed out with every ticket, as the api does. */
  iceServers?: IceServer[];
  iceTransportPolicy?: 'all' | 'relay';
}

export async function startBot(o: BotOptions): Promise<MediaBot> {
  const socket: ProtocolSocket = io(o.urls[0]!, {
    transports: ['websocket'],
    parser: protocolParser,
    auth: (cb) => void o.keys.accessToken(o.userId).then((token) => cb({ token })),
    reconnectionDelay: 50,
    reconnectionDelayMax: 300,
    forceNew: true,
  });
  if (o.urls.length > 1) rotateUrlsOnReconnect(socket, o.urls);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const client = new CallClient({
    socket,
    createDevice: createNodeDevice,
    ticket: async () => ({ token: await o.keys.callTicket(o.userId, o.roomId), iceServers: o.iceServers }),
    deviceLabel: `bot ${o.userId}`,
    iceTransportPolicy: o.iceTransportPolicy,
  });
  const counters = new Map<string, { source: string; count: () => number; stop(): void }>();
  client.events.on('consumer', (remote) => {
    counters.get(remote.consumer.id)?.stop();
    counters.set(remote.consumer.id, { ...countMedia(remote.consumer.track), source: remote.source });
  });
  client.events.on('consumerClosed', (remote) => {
    counters.get(remote.consumer.id)?.stop();
    counters.delete(remote.consumer.id);
  });
  await client.start();
  const sources: Synthetic[] = [];
  if (o.send ?? true) {
    const video = syntheticVideo();
    const audio = syntheticAudio();
    sources.push(video, audio);
    await client.produce(video.track, 'camera');
    await client.produce(audio.track, 'mic');
  }
  return {
    userId: o.userId,
    socket,
    client,
    received: (source) => {
      let n = 0;
      for (const c of counters.values()) if (c.source === source) n += c.count();
      return n;
    },
    async stop() {
      await client.leave().catch(() => {});
      for (const c of counters.values()) c.stop();
      for (const s of sources) s.stop();
      socket.close();
    },
  };
}
