// What a screen shows until its data is there: a skeleton, or the load error with a retry.
import type { Resource } from '../lib/use-resource.js';
import { ErrorAlert } from './alert.js';
import { PageSkeleton } from './skeleton.js';

export function LoadFallback({ resource }: { resource: Pick<Resource<unknown>, 'error' | 'reload'> }) {
  if (!resource.error) return <PageSkeleton />;
  return (
    <div class="page page-narrow">
      <ErrorAlert message={resource.error} onRetry={resource.reload} />
    </div>
  );
}
