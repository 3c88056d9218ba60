// The meeting recorder: record the microphone, watch upload and transcription progress, open the summary.
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { listWorkspaces } from '../../api/workspaces.js';
import { ErrorAlert } from '../../components/alert.js';
import { Modal } from '../../components/modal.js';
import { useResource } from '../../lib/use-resource.js';
import { type RecorderPhase, useRecorder } from './use-recorder.js';
import './ai.css';

const STEPS: { status: string; label: string }[] = [
  { status: 'uploading', label: 'Uploading audio' },
  { status: 'queued', label: 'Waiting in line' },
  { status: 'transcribing', label: 'Transcribing' },
  { status: 'summarizing', label: 'Writing the summary' },
  { status: 'done', label: 'Summary ready' },
];

function clock(s: number): string {
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function Steps({ status }: { status: string }) {
  const at = STEPS.findIndex((s) => s.status === status);
  return (
    <ol class="steps" aria-label="Progress">
      {STEPS.map((s, i) => (
        <li key={s.status} data-state={i < at || status === 'done' ? 'done' : i === at ? 'active' : 'todo'}>
          {i < at || status === 'done' ? '✓' : i === at ? '›' : '·'} {s.label}
        </li>
      ))}
    </ol>
  );
}

function Setup({ workspaceId, onStart }: { workspaceId?: string | undefined; onStart(ws: string, title: string): void }) {
  const workspaces = useResource((s) => listWorkspaces(s), []);
  const [ws, setWs] = useState(workspaceId ?? '');
  const [title, setTitle] = useState(`Meeting notes ${new Date().toLocaleDateString()}`);
  const chosen = ws || workspaces.data?.find((w) => w.role !== 'viewer')?.id || '';
  return (
    <form
      class="stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen) onStart(chosen, title.trim() || 'Meeting notes');
      }}
    >
      <p class="muted" style={{ margin: 0 }}>
        Records your microphone. When you stop, Coope transcribes the audio and writes a summary as a new page.
      </p>
      <div class="field">
        <label for="rec-title">Title</label>
        <input id="rec-title" class="input" maxLength={255} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </div>
      {!workspaceId && (
        <div class="field">
          <label for="rec-ws">Save to workspace</label>
          <select id="rec-ws" class="select" value={chosen} onChange={(e) => setWs(e.currentTarget.value)}>
            {workspaces.data?.filter((w) => w.role !== 'viewer').map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
          <ErrorAlert message={workspaces.error} onRetry={workspaces.reload} />
        </div>
      )}
      <div>
        <button type="submit" class="btn btn-primary" disabled={!chosen}>
          Start recording
        </button>
      </div>
    </form>
  );
}

export function RecorderModal({ workspaceId, onClose }: { workspaceId?: string | undefined; onClose(): void }) {
  const r = useRecorder();
  const { route } = useLocation();
  const busy: RecorderPhase[] = ['recording', 'finishing', 'processing'];
  const open = () => {
    if (r.job?.documentId) route(`/w/${r.job.workspaceId}/d/${r.job.documentId}`);
    onClose();
  };
  return (
    <Modal title="Meeting recorder" onClose={onClose} dismissable={!busy.includes(r.phase) || r.phase === 'processing'}>
      <div class="stack" data-testid="recorder" data-phase={r.phase}>
        {r.phase === 'idle' && <Setup workspaceId={workspaceId} onStart={(ws, t) => void r.start(ws, t)} />}
        {r.phase === 'recording' && (
          <>
            <div class="row">
              <span class="rec-dot" aria-hidden="true" />
              <span class="recorder-time" role="timer">
                {clock(r.elapsed)}
              </span>
            </div>
            <p class="faint" style={{ margin: 0 }}>
              {r.uploaded.chunks} pieces uploaded{r.uploaded.pending ? `, uploading ${Math.round(r.uploaded.current * 100)}%` : ''}
            </p>
            <div>
              <button type="button" class="btn btn-danger" onClick={() => void r.stop()}>
                Stop and summarize
              </button>
            </div>
          </>
        )}
        {r.phase === 'finishing' && <p>Uploading the last piece…</p>}
        {(r.phase === 'processing' || r.phase === 'done') && r.job && <Steps status={r.job.status} />}
        {r.phase === 'processing' && (
          <div class="progress" role="progressbar" aria-label="Processing">
            <span style={{ width: `${((STEPS.findIndex((s) => s.status === r.job?.status) + 1) / STEPS.length) * 100}%` }} />
          </div>
        )}
        <ErrorAlert message={r.error} />
        {r.phase === 'done' && (
          <div>
            <button type="button" class="btn btn-primary" onClick={open}>
              Open the summary
            </button>
          </div>
        )}
        {r.phase === 'failed' && r.job && (
          <div>
            <button type="button" class="btn" onClick={() => void r.retry()}>
              Try again
            </button>
          </div>
        )}
      </div>
    </Modal>
  );
}
