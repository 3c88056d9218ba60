// What a bot receives, from its receive transport's inbound-rtp stats (wrtc implements only the peer
// connection's getStats, not the receiver's): bytes and decoded frames per stream, keyed by SSRC.

export interface InboundStream {
  kind: 'audio' | 'video';
  bytes: number;
  framesDecoded: number;
}

interface StatsLike {
  forEach(cb: (value: Record<string, unknown>) => void): void;
}

export function inboundBySsrc(report: StatsLike): Map<number, InboundStream> {
  const out = new Map<number, InboundStream>();
  report.forEach((s) => {
    if (s.type !== 'inbound-rtp' || typeof s.ssrc !== 'number') return;
    const kind = (s.kind ?? s.mediaType) === 'audio' ? 'audio' : 'video';
    out.set(s.ssrc, { kind, bytes: Number(s.bytesReceived ?? 0), framesDecoded: Number(s.framesDecoded ?? 0) });
  });
  return out;
}

/**
 * True when every expected stream received new bytes since the previous sample (video also new
 * decoded frames, when the stack reports them). A stream missing from either sample is not flowing.
 */
export function allFlowing(prev: Map<number, InboundStream>, now: Map<number, InboundStream>, ssrcs: readonly number[]): boolean {
  if (ssrcs.length === 0) return false;
  return ssrcs.every((ssrc) => {
    const a = prev.get(ssrc);
    const b = now.get(ssrc);
    if (!a || !b || b.bytes <= a.bytes) return false;
    return b.kind === 'audio' || b.framesDecoded === 0 || b.framesDecoded > a.framesDecoded;
  });
}
