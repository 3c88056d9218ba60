// A Node WebRTC peer: @roamhq/wrtc classes as globals under mediasoup-client's Chrome111
// handler, with a synthetic video source (frames generated here) and a frame-counting sink.
import wrtc from '@roamhq/wrtc';
import { Device } from 'mediasoup-client';
import type { types as clientTypes } from 'mediasoup-client';

/** wrtc's track (no DOM lib in this project's types). */
export type Track = { stop(): void };

let installed = false;

/** mediasoup-client looks these up as globals, like in a browser. */
export function installWrtcGlobals(): void {
  if (installed) return;
  installed = true;
  const g = globalThis as Record<string, unknown>;
  for (const name of ['RTCPeerConnection', 'RTCSessionDescription', 'RTCIceCandidate', 'MediaStream', 'MediaStreamTrack']) {
    g[name] = (wrtc as unknown as Record<string, unknown>)[name];
  }
}

export async function createDevice(routerRtpCapabilities: unknown): Promise<Device> {
  installWrtcGlobals();
  const device = new Device({ handlerName: 'Chrome111' });
  await device.load({ routerRtpCapabilities: routerRtpCapabilities as clientTypes.RtpCapabilities });
  return device;
}

export interface SyntheticVideo {
  track: Track;
  stop(): void;
}

/** A 320x240 I420 video track whose frames change every 33 ms, so the encoder has work. */
export function syntheticVideo(): SyntheticVideo {
  const source = new wrtc.nonstandard.RTCVideoSource();
  const track = source.createTrack() as Track;
  const width = 320;
  const height = 240;
  const data = new Uint8Array(width * height * 1.5);
  let n = 0;
  const timer = setInterval(() => {
    n++;
    for (let i = 0; i < width * height; i++) data[i] = (i + n * 7) & 0xff;
    data.fill(128, width * height);
    source.onFrame({ width, height, data });
  }, 33);
  return {
    track,
    stop: () => {
      clearInterval(timer);
      track.stop();
    },
  };
}

/** Counts decoded frames of a received video track. */
export function countFrames(track: Track): { frames: () => number; stop(): void } {
  const sink = new wrtc.nonstandard.RTCVideoSink(track as never);
  let frames = 0;
  sink.onframe = () => {
    frames++;
  };
  return { frames: () => frames, stop: () => sink.stop() };
}
