// The call toolbar: mute, camera, screen share, devices, leave.
import { useState } from 'preact/hooks';
import { openRecorder } from '../../components/ai-launcher.js';
import { Icon } from '../../components/icon.js';
import type { CallController } from './call-controller.js';
import { DevicePicker } from './device-picker.js';

export function Controls({ controller, onLeave }: { controller: CallController; onLeave(): void }) {
  const c = controller;
  const [devices, setDevices] = useState(false);
  const sharing = !!c.local.value.screen;
  // The picker is the toolbar's sibling: the toolbar's transform would make it the box of the picker's
  // fixed backdrop, which then sat inside the toolbar, below the screen's edge.
  return (
    <>
      <div class="call-controls" role="toolbar" aria-label="Call controls">
        <button type="button" class={`ctl${c.micOn.value ? '' : ' off'}`} aria-pressed={!c.micOn.value} aria-label={c.micOn.value ? 'Mute microphone' : 'Unmute microphone'} onClick={() => void c.toggle('mic')}>
          <Icon name={c.micOn.value ? 'mic' : 'micOff'} />
        </button>
        <button type="button" class={`ctl${c.camOn.value ? '' : ' off'}`} aria-pressed={!c.camOn.value} aria-label={c.camOn.value ? 'Turn camera off' : 'Turn camera on'} onClick={() => void c.toggle('camera')}>
          <Icon name={c.camOn.value ? 'video' : 'videoOff'} />
        </button>
        <button type="button" class={`ctl${sharing ? ' active' : ''}`} aria-pressed={sharing} aria-label={sharing ? 'Stop sharing screen' : 'Share screen'} onClick={() => void c.toggleScreen()}>
          <Icon name="screen" />
        </button>
        <button type="button" class="ctl" aria-label="Record meeting notes" onClick={() => openRecorder(c.target.kind === 'workspace' ? c.target.workspaceId : undefined)}>
          <Icon name="record" />
        </button>
        <button type="button" class="ctl" aria-label="Choose camera and microphone" onClick={() => setDevices(true)}>
          <Icon name="settings" />
        </button>
        <button type="button" class="ctl leave" aria-label="Leave call" onClick={onLeave}>
          <Icon name="phoneOff" />
        </button>
      </div>
      {devices && <DevicePicker controller={c} onClose={() => setDevices(false)} />}
    </>
  );
}
