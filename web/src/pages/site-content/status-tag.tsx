// An inquiry's status as a coloured tag.
import type { InquiryStatus } from '../../api/site.js';

export function StatusTag({ status }: { status: InquiryStatus }) {
  const cls = status === 'answered' ? 'tag tag-success' : status === 'open' ? 'tag tag-warning' : 'tag';
  return (
    <span class={cls} data-testid="inquiry-status">
      {status}
    </span>
  );
}
