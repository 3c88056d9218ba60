// The participant grid: one tile per person (camera + name), screen shares as their own large tiles,
// the active speaker highlighted, and each tile asking for the simulcast layer its size needs.
import { useEffect, useRef } from 'preact/hooks';
import { Avatar } from '../../components/avatar.js';
import { Icon } from '../../components/icon.js';
import type { CallController, RemoteTrack } from './call-controller.js';
import { layerForHeight } from './media.js';

interface TileProps {
  name: string;
  track?: MediaStreamTrack | undefined;
  consumerId?: string | undefined;
  controller: CallController;
  speaking?: boolean;
  muted?: boolean;
  videoOff?: boolean;
  mirror?: boolean;
  screen?: boolean;
  local?: boolean;
}

function Video({ track, mirror, local, label }: { track: MediaStreamTrack; mirror?: boolean | undefined; local?: boolean | undefined; label: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const el = ref.current!;
    el.srcObject = new MediaStream([track]);
    void el.play().catch(() => {});
    return () => {
      el.srcObject = null;
    };
  }, [track]);
  return <video ref={ref} autoPlay playsInline muted class={mirror ? 'mirror' : ''} data-remote={local ? undefined : 'true'} aria-label={label} />;
}

export function Tile(p: TileProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || !p.consumerId) return;
    const id = p.consumerId;
    const ro = new ResizeObserver(([entry]) => {
      if (entry) p.controller.setLayer(id, layerForHeight(entry.contentRect.height * devicePixelRatio));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [p.consumerId, p.controller]);
  const fullscreen = () => {
    const el = box.current!;
    if (document.fullscreenElement) void document.exitFullscreen();
    else void el.requestFullscreen?.().catch(() => {});
  };
  const showVideo = p.track && !p.videoOff;
  return (
    <div ref={box} class={`tile${p.speaking ? ' speaking' : ''}${p.screen ? ' screen' : ''}`} data-testid={p.local ? 'local-tile' : p.screen ? 'screen-tile' : 'remote-tile'} data-speaking={String(!!p.speaking)}>
      {showVideo ? <Video track={p.track!} mirror={p.mirror} local={p.local} label={`${p.name}'s ${p.screen ? 'screen' : 'video'}`} /> : <div class="tile-avatar"><Avatar name={p.name} size="lg" /></div>}
      <div class="tile-label">
        {p.muted && <Icon name="micOff" size={14} aria-label="muted" />}
        <span class="truncate">{p.screen ? `${p.name} (screen)` : p.name}</span>
      </div>
      <button type="button" class="tile-fs" aria-label={`Show ${p.name} full screen`} onClick={fullscreen}>
        <Icon name="expand" size={16} />
      </button>
    </div>
  );
}

function RemoteAudio({ track }: { track: MediaStreamTrack }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const el = ref.current!;
    el.srcObject = new MediaStream([track]);
    void el.play().catch(() => {});
  }, [track]);
  // biome-ignore lint/a11y/useMediaCaption: live call audio has no caption track
  return <audio ref={ref} autoPlay />;
}

interface PeerTracks {
  peerId: string;
  camera?: RemoteTrack;
  mic?: RemoteTrack;
}

function groupByPeer(remotes: RemoteTrack[]): { people: PeerTracks[]; screens: RemoteTrack[] } {
  const people = new Map<string, PeerTracks>();
  const screens: RemoteTrack[] = [];
  for (const r of remotes) {
    if (r.source === 'screen') {
      screens.push(r);
      continue;
    }
    const p = people.get(r.peerId) ?? { peerId: r.peerId };
    if (r.source === 'camera') p.camera = r;
    if (r.source === 'mic') p.mic = r;
    people.set(r.peerId, p);
  }
  return { people: [...people.values()], screens };
}

interface GridProps {
  controller: CallController;
  selfName: string;
  /** Name for peers the call has not named (a DM call has one other person). */
  fallbackName?: string | undefined;
}

export function Grid({ controller, selfName, fallbackName }: GridProps) {
  const c = controller;
  const { people, screens } = groupByPeer(c.remotes.value);
  const paused = c.paused.value;
  const nameOf = (peerId: string) => c.names.value[peerId] ?? (fallbackName || 'Participant');
  const local = c.local.value;
  const count = people.length + 1 + screens.length + (local.screen ? 1 : 0);
  return (
    <div class={`grid${screens.length || local.screen ? ' with-screen' : ''}`} style={{ '--tiles': String(count) }} data-testid="call-grid">
      {screens.map((s) => (
        <Tile key={s.producerId} name={nameOf(s.peerId)} track={s.track} consumerId={s.consumerId} controller={c} screen />
      ))}
      {local.screen && <Tile name="You" track={local.screen} controller={c} screen local />}
      <Tile
        name={`${selfName} (you)`}
        track={local.camera}
        controller={c}
        local
        mirror
        speaking={c.activePeer.value !== null && c.activePeer.value === c.client?.peerId}
        muted={!c.micOn.value}
        videoOff={!c.camOn.value}
      />
      {people.map((p) => (
        <Tile
          key={p.peerId}
          name={nameOf(p.peerId)}
          track={p.camera?.track}
          consumerId={p.camera?.consumerId}
          controller={c}
          speaking={c.activePeer.value === p.peerId}
          muted={!p.mic || paused.has(p.mic.producerId)}
          videoOff={!p.camera || paused.has(p.camera.producerId)}
        />
      ))}
      <div class="sr-only">
        {c.remotes.value
          .filter((r) => r.track.kind === 'audio')
          .map((r) => (
            <RemoteAudio key={r.producerId} track={r.track} />
          ))}
      </div>
    </div>
  );
}
