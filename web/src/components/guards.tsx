// Route guards: sign-in required, admin required. They wait for the stored session first.
import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { useEffect, useRef } from 'preact/hooks';
import { currentUser, isAdmin, sessionReady } from '../api/session.js';
import { PageSkeleton } from './skeleton.js';

export function RequireAuth({ children }: { children: ComponentChildren }) {
  const { route, url } = useLocation();
  // The page that asked; while /login loads, this guard may still render with the new url.
  const asked = useRef(url);
  const missing = sessionReady.value && !currentUser.value;
  useEffect(() => {
    if (missing && !asked.current.startsWith('/login')) route(`/login?next=${encodeURIComponent(asked.current)}`, true);
  }, [missing, route]);
  if (!sessionReady.value || !currentUser.value) return <PageSkeleton />;
  return <>{children}</>;
}

export function RequireAdmin({ children }: { children: ComponentChildren }) {
  return (
    <RequireAuth>
      {isAdmin.value ? (
        children
      ) : (
        <div class="page page-narrow" role="alert">
          <h1>Admins only</h1>
          <p class="muted">This page is for administrators. Ask an admin if you need access.</p>
        </div>
      )}
    </RequireAuth>
  );
}
