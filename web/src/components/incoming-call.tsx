// A friend calling (the `call.ringing` user event): who, and Join or Dismiss, for as long as the api says it rings.
import { signal } from '@preact/signals';
import { useLocation } from 'preact-iso';
import type { UserEventData } from '../api/types.js';

type Caller = UserEventData<'call.ringing'>['from'];

const ringing = signal<Caller | null>(null);
let timer: ReturnType<typeof setTimeout> | undefined;

const callPath = (callerId: string) => `/call/dm/${callerId}`;

/** For the realtime bootstrap: shows the ring, unless this tab already shows that call. */
export function ring({ from, ringMs }: UserEventData<'call.ringing'>): void {
  if (location.pathname === callPath(from.id)) return;
  ringing.value = from;
  clearTimeout(timer);
  timer = setTimeout(() => {
    ringing.value = null;
  }, ringMs);
}

export function stopRinging(): void {
  clearTimeout(timer);
  ringing.value = null;
}

export function IncomingCall() {
  const { route } = useLocation();
  const from = ringing.value;
  if (!from) return null;
  return (
    <div class="incoming-call" role="alertdialog" aria-label={`${from.name} is calling`} data-testid="incoming-call">
      <span class="grow">
        <strong>{from.name}</strong> is calling you
      </span>
      <button
        type="button"
        class="btn btn-primary"
        onClick={() => {
          stopRinging();
          route(callPath(from.id));
        }}
      >
        Join
      </button>
      <button type="button" class="btn" onClick={stopRinging}>
        Dismiss
      </button>
    </div>
  );
}
