// Hand-made RTP over real UDP sockets, for tests and benchmarks.
import dgram from 'node:dgram';

export interface RtpHeader {
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
}

export const OPUS_PT = 100;

/** Header extension id of ssrc-audio-level (RFC 6464) in the producers built here. */
export const AUDIO_LEVEL_EXT_ID = 10;

/**
 * An RTP packet; with `audioLevel` (0 = loudest .. 127 = silence, in -dBov) it carries the
 * ssrc-audio-level one-byte header extension that mediasoup's observers read.
 */
export function rtpPacket(h: RtpHeader, payload: Buffer = Buffer.alloc(100, 0xab), audioLevel?: number): Buffer {
  const ext = audioLevel === undefined ? 0 : 8;
  const b = Buffer.alloc(12 + ext + payload.length);
  b[0] = audioLevel === undefined ? 0x80 : 0x90;
  b[1] = h.payloadType & 0x7f;
  b.writeUInt16BE(h.sequenceNumber & 0xffff, 2);
  b.writeUInt32BE(h.timestamp >>> 0, 4);
  b.writeUInt32BE(h.ssrc >>> 0, 8);
  if (audioLevel !== undefined) {
    b.writeUInt16BE(0xbede, 12); // one-byte header extensions
    b.writeUInt16BE(1, 14); // one 32-bit word
    b[16] = (AUDIO_LEVEL_EXT_ID << 4) | 0; // id, length - 1
    b[17] = 0x80 | (audioLevel & 0x7f); // voice activity + level
  }
  payload.copy(b, 12 + ext);
  return b;
}

/** RTP header of a packet, or undefined for RTCP and garbage. */
export function parseRtp(b: Buffer): RtpHeader | undefined {
  if (b.length < 12 || b[0]! >> 6 !== 2) return undefined;
  const pt = b[1]! & 0x7f;
  if (pt >= 72 && pt <= 76) return undefined; // RTCP (rtcp-mux)
  return { payloadType: pt, sequenceNumber: b.readUInt16BE(2), timestamp: b.readUInt32BE(4), ssrc: b.readUInt32BE(8) };
}

/** A UDP socket on 127.0.0.1 that counts the RTP packets it receives, by SSRC. */
export class UdpPeer {
  readonly bySsrc = new Map<number, number>();
  #socket: dgram.Socket;

  static async bind(): Promise<UdpPeer> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new UdpPeer(socket);
  }

  private constructor(socket: dgram.Socket) {
    this.#socket = socket;
    socket.on('message', (msg) => {
      const h = parseRtp(msg);
      if (h) this.bySsrc.set(h.ssrc, (this.bySsrc.get(h.ssrc) ?? 0) + 1);
    });
  }

  get port(): number {
    return this.#socket.address().port;
  }

  received(ssrc?: number): number {
    if (ssrc !== undefined) return this.bySsrc.get(ssrc) ?? 0;
    let n = 0;
    for (const v of this.bySsrc.values()) n += v;
    return n;
  }

  send(packet: Buffer, port: number, ip = '127.0.0.1'): void {
    this.#socket.send(packet, port, ip);
  }

  /** Sends opus-like RTP (with an audio level when given) every 20 ms until the returned function is called. */
  stream(target: { ip: string; port: number }, ssrc: number, audioLevel?: (seq: number) => number): () => void {
    let seq = 1;
    const timer = setInterval(() => {
      for (let i = 0; i < 2; i++) {
        const h = { payloadType: OPUS_PT, sequenceNumber: seq, timestamp: seq * 960, ssrc };
        this.send(rtpPacket(h, undefined, audioLevel?.(seq)), target.port, target.ip);
        seq++;
      }
    }, 20);
    return () => clearInterval(timer);
  }

  close(): void {
    this.#socket.close();
  }
}


/** rtpParameters of a plain opus producer with one SSRC (and the audio-level extension). */
export function opusProducerParameters(ssrc: number) {
  return {
    codecs: [{ mimeType: 'audio/opus', payloadType: OPUS_PT, clockRate: 48000, channels: 2 }],
    headerExtensions: [{ uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level' as const, id: AUDIO_LEVEL_EXT_ID }],
    encodings: [{ ssrc }],
  };
}
