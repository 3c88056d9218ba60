// A thin bar at the top while a lazily loaded screen arrives.
import { signal } from '@preact/signals';

export const routeLoading = signal(false);

export function LoadBar() {
  if (!routeLoading.value) return null;
  return <div class="load-bar" role="progressbar" aria-label="Loading page" />;
}
