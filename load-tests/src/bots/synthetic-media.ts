// Real media for bots: wrtc's nonstandard sources fed with generated raw frames, which wrtc encodes
// (VP8 and opus) like a browser would. The picture moves every frame so the encoder never idles.
import { nonstandard } from './wrtc-globals.js';

export interface SyntheticMediaOptions {
  width?: number;
  height?: number;
  fps?: number;
  audio?: boolean;
  video?: boolean;
}

export interface SyntheticMedia {
  audioTrack: MediaStreamTrack | null;
  videoTrack: MediaStreamTrack | null;
  stop(): void;
}

const SAMPLE_RATE = 48_000;
const AUDIO_CHUNK_MS = 10;

function startVideo(width: number, height: number, fps: number): { track: MediaStreamTrack; timer: NodeJS.Timeout } {
  const source = new nonstandard.RTCVideoSource();
  const track = source.createTrack() as unknown as MediaStreamTrack;
  // I420: a luma plane then two quarter-size chroma planes.
  const lumaSize = width * height;
  const data = new Uint8Array(lumaSize * 1.5);
  data.fill(128, lumaSize);
  let frame = 0;
  const timer = setInterval(() => {
    frame++;
    for (let y = 0; y < height; y++) {
      const row = y * width;
      for (let x = 0; x < width; x++) data[row + x] = (x + y + frame * 4) & 0xff;
    }
    source.onFrame({ width, height, data });
  }, 1000 / fps);
  return { track, timer };
}

function startAudio(): { track: MediaStreamTrack; timer: NodeJS.Timeout } {
  const source = new nonstandard.RTCAudioSource();
  const track = source.createTrack() as unknown as MediaStreamTrack;
  const frames = (SAMPLE_RATE * AUDIO_CHUNK_MS) / 1000;
  const samples = new Int16Array(frames);
  let t = 0;
  const timer = setInterval(() => {
    for (let i = 0; i < frames; i++, t++) samples[i] = Math.round(Math.sin((2 * Math.PI * 440 * t) / SAMPLE_RATE) * 8000);
    source.onData({ samples, sampleRate: SAMPLE_RATE, bitsPerSample: 16, channelCount: 1, numberOfFrames: frames });
  }, AUDIO_CHUNK_MS);
  return { track, timer };
}

export function startSyntheticMedia(o: SyntheticMediaOptions = {}): SyntheticMedia {
  const video = o.video === false ? null : startVideo(o.width ?? 320, o.height ?? 240, o.fps ?? 15);
  const audio = o.audio === false ? null : startAudio();
  return {
    audioTrack: audio?.track ?? null,
    videoTrack: video?.track ?? null,
    stop() {
      for (const m of [audio, video]) {
        if (!m) continue;
        clearInterval(m.timer);
        m.track.stop();
      }
    },
  };
}
