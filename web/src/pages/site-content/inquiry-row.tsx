// One inquiry in a list: its subject as a link, then any extra cells, its status and age.
import type { ComponentChildren } from 'preact';
import type { Inquiry } from '../../api/site.js';
import { formatRelative } from '../../lib/format.js';
import { StatusTag } from './status-tag.js';

export function InquiryRow({ inquiry, href, testId, children }: { inquiry: Inquiry; href: string; testId?: string; children?: ComponentChildren }) {
  return (
    <li class="list-item" data-testid={testId}>
      <a class="grow truncate" href={href}>
        {inquiry.subject}
      </a>
      {children}
      <StatusTag status={inquiry.status} />
      <span class="faint">{formatRelative(inquiry.createdAt)}</span>
    </li>
  );
}
