// The text and HTML of every mail the api sends. Plain text first; the HTML is a simple, inline-styled copy.
import type { MailMessage } from '../plugins/external/mailer.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A web link under PUBLIC_WEB_URL, keeping any base path it has. */
export function webLink(publicWebUrl: string, path: string, query: Record<string, string>): string {
  const url = new URL(`${publicWebUrl.replace(/\/+$/, '')}${path}`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return url.toString();
}

function html(paragraphs: string[], button: { label: string; href: string }, footer: string): string {
  const p = (t: string) => `<p style="margin:0 0 16px">${escapeHtml(t)}</p>`;
  const href = escapeHtml(button.href);
  return [
    '<!doctype html><html><body style="margin:0;padding:24px;background:#f6f7f9">',
    '<div style="max-width:520px;margin:0 auto;padding:24px;background:#fff;border-radius:8px;',
    'font:15px/1.5 -apple-system,Segoe UI,Roboto,sans-serif;color:#1f2328">',
    ...paragraphs.map(p),
    `<p style="margin:24px 0"><a href="${href}" style="display:inline-block;padding:10px 18px;background:#2563eb;`,
    `color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(button.label)}</a></p>`,
    `<p style="margin:0 0 16px;font-size:13px;color:#57606a">Or paste this link into your browser:<br>`,
    `<a href="${href}" style="color:#2563eb;word-break:break-all">${href}</a></p>`,
    `<p style="margin:0;font-size:13px;color:#57606a">${escapeHtml(footer)}</p>`,
    '</div></body></html>',
  ].join('');
}

export interface InviteMail {
  to: string;
  inviterName: string;
  workspaceName: string;
  role: string;
  link: string;
  expiresAt: Date;
}

export function inviteMail(m: InviteMail): MailMessage {
  const subject = `${m.inviterName} invited you to ${m.workspaceName} on Coope`;
  const lead = `${m.inviterName} invited you to join the workspace “${m.workspaceName}” on Coope as ${/^[aeiou]/.test(m.role) ? 'an' : 'a'} ${m.role}.`;
  const expiry = `This invite expires on ${m.expiresAt.toUTCString()}.`;
  const footer = "If you didn't expect this invite, you can ignore this email.";
  return {
    to: m.to,
    subject,
    text: `${lead}\n\nAccept the invite:\n${m.link}\n\n${expiry}\n\n${footer}\n`,
    html: html([lead, expiry], { label: 'Accept the invite', href: m.link }, footer),
  };
}

export interface PasswordResetMail {
  to: string;
  name: string;
  link: string;
  ttlSeconds: number;
}

export function passwordResetMail(m: PasswordResetMail): MailMessage {
  const minutes = Math.round(m.ttlSeconds / 60);
  const validity = minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? '' : 's'}` : `${minutes} minutes`;
  const lead = `Hi ${m.name}, we received a request to reset the password of your Coope account.`;
  const rule = `The link works once, for ${validity}. Setting a new password signs you out on every device.`;
  const footer = "If you didn't ask for this, ignore this email: your password stays as it is.";
  return {
    to: m.to,
    subject: 'Reset your Coope password',
    text: `${lead}\n\nChoose a new password:\n${m.link}\n\n${rule}\n\n${footer}\n`,
    html: html([lead, rule], { label: 'Choose a new password', href: m.link }, footer),
  };
}
