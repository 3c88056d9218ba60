// mediasoup-client expects browser WebRTC classes; in Node they come from @roamhq/wrtc, set as globals once.
import wrtc from '@roamhq/wrtc';

let installed = false;

export function installWrtcGlobals(): void {
  if (installed) return;
  const g = globalThis as Record<string, unknown>;
  g.RTCPeerConnection = wrtc.RTCPeerConnection;
  g.RTCSessionDescription = wrtc.RTCSessionDescription;
  g.RTCIceCandidate = wrtc.RTCIceCandidate;
  g.MediaStream = wrtc.MediaStream;
  g.MediaStreamTrack = wrtc.MediaStreamTrack;
  installed = true;
}

export const nonstandard = wrtc.nonstandard;
