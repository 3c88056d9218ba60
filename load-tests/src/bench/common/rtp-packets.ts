// Synthetic VP8 RTP for the media benchmarks: every packet starts a key frame, so a
// consumer forwards from its first packet on without waiting for a PLI answer.
export const VP8_PT = 101;

export function vp8Packet(seq: number, ssrc: number, payloadBytes: number): Buffer {
  const b = Buffer.alloc(12 + payloadBytes, 0x5a);
  b[0] = 0x80;
  b[1] = 0x80 | VP8_PT; // marker: one packet per frame
  b.writeUInt16BE(seq & 0xffff, 2);
  b.writeUInt32BE((seq * 3000) >>> 0, 4);
  b.writeUInt32BE(ssrc >>> 0, 8);
  b[12] = 0x10; // VP8 payload descriptor: S=1, PID=0
  b[13] = 0x00; // VP8 payload header: P=0 (key frame)
  b[14] = 0x9d; // key frame start code
  b[15] = 0x01;
  b[16] = 0x2a;
  b.writeUInt16LE(640, 17); // width
  b.writeUInt16LE(480, 19); // height
  return b;
}

/** rtpParameters of the synthetic VP8 producer. */
export function vp8ProducerParameters(ssrc: number) {
  return {
    codecs: [{ mimeType: 'video/VP8', payloadType: VP8_PT, clockRate: 90000 }],
    encodings: [{ ssrc }],
  };
}

/** The only codec the benchmark routers need. */
export const VP8_ROUTER_CODECS = [{ kind: 'video' as const, mimeType: 'video/VP8', clockRate: 90000 }];
