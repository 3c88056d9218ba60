// Pick the camera and microphone; the switch happens live.
import { Modal } from '../../components/modal.js';
import { useResource } from '../../lib/use-resource.js';
import type { CallController } from './call-controller.js';
import { listDevices } from './media.js';

export function DevicePicker({ controller, onClose }: { controller: CallController; onClose(): void }) {
  const devices = useResource(() => listDevices(), []);
  const current = (kind: 'mic' | 'camera') => controller.local.value[kind]?.getSettings().deviceId ?? '';
  return (
    <Modal title="Camera and microphone" onClose={onClose}>
      {devices.error && <div class="alert alert-error">Your devices could not be listed.</div>}
      <div class="stack">
        <div class="field">
          <label for="pick-camera">Camera</label>
          <select id="pick-camera" class="select" value={current('camera')} onChange={(e) => void controller.switchDevice('camera', e.currentTarget.value)}>
            {devices.data?.video.map((d, i) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label || `Camera ${i + 1}`}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="pick-mic">Microphone</label>
          <select id="pick-mic" class="select" value={current('mic')} onChange={(e) => void controller.switchDevice('mic', e.currentTarget.value)}>
            {devices.data?.audio.map((d, i) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label || `Microphone ${i + 1}`}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="button" class="btn btn-primary" onClick={onClose}>
            Done
          </button>
        </div>
      </div>
    </Modal>
  );
}
