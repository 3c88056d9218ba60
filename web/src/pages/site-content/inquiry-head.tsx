// The top of an inquiry's screen: back link, subject with status, a line about it, and the message.
import type { ComponentChildren } from 'preact';
import type { Inquiry } from '../../api/site.js';
import { StatusTag } from './status-tag.js';

interface InquiryHeadProps {
  inquiry: Inquiry;
  back: { href: string; label: string };
  /** The line under the subject (who sent it, when). */
  children: ComponentChildren;
}

export function InquiryHead({ inquiry, back, children }: InquiryHeadProps) {
  return (
    <>
      <a href={back.href} class="faint">
        {`← ${back.label}`}
      </a>
      <div class="row-between">
        <h1 style={{ margin: 0 }}>{inquiry.subject}</h1>
        <StatusTag status={inquiry.status} />
      </div>
      <p class="faint" style={{ margin: 0 }}>
        {children}
      </p>
      <div class="card" style={{ whiteSpace: 'pre-wrap' }}>
        {inquiry.body}
      </div>
    </>
  );
}
