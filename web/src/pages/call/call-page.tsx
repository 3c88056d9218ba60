// /call/dm/:userId or /call/workspace/:workspaceId: the call screen, with its end states.
import { useLocation, useRoute } from 'preact-iso';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { CallTarget } from '../../api/calls.js';
import { listFriends } from '../../api/people.js';
import { currentUser } from '../../api/session.js';
import { getWorkspace } from '../../api/workspaces.js';
import { ErrorAlert } from '../../components/alert.js';
import { Icon } from '../../components/icon.js';
import { Modal } from '../../components/modal.js';
import { useResource } from '../../lib/use-resource.js';
import { CallController } from './call-controller.js';
import { Controls } from './controls.js';
import { Grid } from './tiles.js';
import './call.css';

function useTitle(target: CallTarget | null): string {
  const info = useResource(async (s) => {
    if (!target) return '';
    if (target.kind === 'workspace') return `${(await getWorkspace(target.workspaceId, s)).name} meeting`;
    const friend = (await listFriends(s)).items.find((f) => f.id === target.userId);
    return friend ? friend.name : 'Call';
  }, [target?.kind, target?.kind === 'dm' ? target.userId : target?.workspaceId]);
  return info.data ?? '';
}

function ConflictModal({ c }: { c: CallController }) {
  const conflict = c.conflict.value;
  if (!conflict) return null;
  return (
    <Modal title="Joined from another device" onClose={() => void c.resolveConflict('keep')} dismissable={false}>
      <p>
        You just joined this call from {conflict.device.label ?? 'another device'}. Where do you want to be in the call?
      </p>
      <div class="row" style={{ justifyContent: 'flex-end' }}>
        <button type="button" class="btn" data-autofocus onClick={() => void c.resolveConflict('keep')}>
          Keep this device
        </button>
        <button type="button" class="btn btn-primary" onClick={() => void c.resolveConflict('move')}>
          Move to the other device
        </button>
      </div>
    </Modal>
  );
}

function EndState({ c, onBack }: { c: CallController; onBack(): void }) {
  const phase = c.phase.value;
  const text: Record<string, [string, string]> = {
    left: ['You left the call', 'Rejoin'],
    moved: ['The call moved to your other device', 'Move the call here'],
    'kept-elsewhere': ['The call stayed on your other device', 'Move the call here'],
    failed: ['The call could not continue', 'Try again'],
  };
  const [title, action] = text[phase] ?? ['', ''];
  return (
    <div class="call-end" data-testid="call-end" data-phase={phase}>
      <h1>{title}</h1>
      <ErrorAlert message={phase === 'failed' ? c.error.value : null} />
      <div class="row">
        <button type="button" class="btn btn-primary btn-lg" onClick={() => void c.start(phase === 'moved' || phase === 'kept-elsewhere')}>
          {action}
        </button>
        <button type="button" class="btn btn-lg" onClick={onBack}>
          Back
        </button>
      </div>
    </div>
  );
}

export function CallPage() {
  const { params } = useRoute();
  const { route } = useLocation();
  const target = useMemo<CallTarget | null>(() => {
    if (params.kind === 'dm' && params.id) return { kind: 'dm', userId: params.id };
    if (params.kind === 'workspace' && params.id) return { kind: 'workspace', workspaceId: params.id };
    return null;
  }, [params.kind, params.id]);
  const [controller] = useState(() => (target ? new CallController(target) : null));
  const title = useTitle(target);
  useEffect(() => {
    void controller?.start();
    return () => controller?.dispose();
  }, [controller]);
  const back = () => (history.length > 1 ? history.back() : route('/'));
  if (!controller) return <div class="call-end"><h1>This call link is not valid.</h1></div>;
  const c = controller;
  const phase = c.phase.value;
  const leave = async () => {
    await c.leave();
  };
  return (
    <div class="call" data-phase={phase}>
      <header class="call-head">
        <button type="button" class="btn btn-ghost btn-icon" aria-label="Back" onClick={back}>
          <Icon name="back" />
        </button>
        <strong class="truncate grow">{title}</strong>
        {c.reconnecting.value && (
          <span class="call-reconnecting" role="status" data-testid="reconnecting">
            Reconnecting…
          </span>
        )}
      </header>
      {phase === 'joining' && (
        <div class="call-end" role="status">
          <div class="spinner" />
          <p class="muted">Joining the call…</p>
        </div>
      )}
      {phase === 'in-call' && (
        <>
          {c.error.value && (
            <div class="call-error">
              <ErrorAlert message={c.error.value} />
            </div>
          )}
          <Grid controller={c} selfName={currentUser.value?.name ?? 'You'} fallbackName={target?.kind === 'dm' ? title : undefined} />
          <Controls controller={c} onLeave={() => void leave()} />
        </>
      )}
      {phase !== 'joining' && phase !== 'in-call' && <EndState c={c} onBack={back} />}
      <ConflictModal c={c} />
    </div>
  );
}
