// Node WebRTC for the end-to-end tests: @roamhq/wrtc classes as browser globals for mediasoup-client's
// Chrome111 handler, synthetic audio and video sources, and sinks that count what is decoded.
import wrtc from '@roamhq/wrtc';
import { Device } from 'mediasoup-client';

let installed = false;

export function installWrtcGlobals(): void {
  if (installed) return;
  installed = true;
  const g = globalThis as Record<string, unknown>;
  for (const name of ['RTCPeerConnection', 'RTCSessionDescription', 'RTCIceCandidate', 'MediaStream', 'MediaStreamTrack']) {
    g[name] = (wrtc as unknown as Record<string, unknown>)[name];
  }
}

export function createNodeDevice(): Device {
  installWrtcGlobals();
  return new Device({ handlerName: 'Chrome111' });
}

export interface Synthetic {
  track: MediaStreamTrack;
  stop(): void;
}

/** 160x120 I420 frames at 15 fps that change every frame, so the encoder keeps sending. */
export function syntheticVideo(): Synthetic {
  const source = new wrtc.nonstandard.RTCVideoSource();
  const track = source.createTrack() as unknown as MediaStreamTrack;
  const width = 160;
  const height = 120;
  const data = new Uint8Array(width * height * 1.5);
  let n = 0;
  const timer = setInterval(() => {
    n++;
    for (let i = 0; i < width * height; i++) data[i] = (i + n * 7) & 0xff;
    data.fill(128, width * height);
    source.onFrame({ width, height, data });
  }, 66);
  const stop = () => {
    clearInterval(timer);
    track.stop();
  };
  return { track, stop };
}

/** A 440 Hz tone, 10 ms chunks at 48 kHz mono. */
export function syntheticAudio(): Synthetic {
  const source = new wrtc.nonstandard.RTCAudioSource();
  const track = source.createTrack() as unknown as MediaStreamTrack;
  const sampleRate = 48_000;
  const samples = new Int16Array(sampleRate / 100);
  let t = 0;
  const timer = setInterval(() => {
    for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * t++) / sampleRate));
    source.onData({ samples, sampleRate, bitsPerSample: 16, channelCount: 1, numberOfFrames: samples.length });
  }, 10);
  const stop = () => {
    clearInterval(timer);
    track.stop();
  };
  return { track, stop };
}

/** Counts decoded video frames or audio chunks of a received track. */
export function countMedia(track: MediaStreamTrack): { count: () => number; stop(): void } {
  let n = 0;
  if (track.kind === 'video') {
    const sink = new wrtc.nonstandard.RTCVideoSink(track as never);
    sink.onframe = () => n++;
    return { count: () => n, stop: () => sink.stop() };
  }
  const sink = new wrtc.nonstandard.RTCAudioSink(track as never);
  sink.ondata = () => n++;
  return { count: () => n, stop: () => sink.stop() };
}
