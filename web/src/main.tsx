// Entry point: theme first (no flash), then the session restore, then the app.
import { effect } from '@preact/signals';
import { render } from 'preact';
import './styles/base.css';
import './styles/ui.css';
import './styles/layout.css';
import { currentUser, restoreSession } from './api/session.js';
import { App } from './app.js';
import { initTheme } from './lib/theme.js';

initTheme();
void restoreSession();

// The realtime socket (socket.io, protocol schemas) loads only for signed-in users, after first paint.
let signedInAs: string | null = null;
effect(() => {
  const id = currentUser.value?.id ?? null;
  const previous = signedInAs;
  if (id === previous) return;
  signedInAs = id;
  void import('./realtime/bootstrap.js').then((rt) => {
    // After a log out the socket carries the previous user's token; a first sign-in keeps the one
    // a screen may already be opening.
    if (previous) {
      rt.stopRealtime();
      rt.closeRealtime();
    }
    if (id) void rt.startRealtime().catch(() => {});
  });
});
render(<App />, document.getElementById('app')!);
